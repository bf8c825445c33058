package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.functions.UserDefinedFunction;

import java.util.Map;

/**
 * Contributes SQL functions (scalar, table or aggregate {@link UserDefinedFunction}s) to the SQL of
 * silver models and gold marts. Found with {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/dev.tributary.transforms.api.SqlFunctionFactory}. Every function of every factory
 * on the classpath is registered as a temporary system function under its map key; two functions with
 * the same name are an error.
 */
@PublicEvolving
public interface SqlFunctionFactory {

    /** Name of this group of functions, shown by {@code explain}. */
    String identifier();

    /** Function name (as used in SQL) to function instance. */
    Map<String, UserDefinedFunction> functions();
}
