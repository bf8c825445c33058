package dev.tributary.jobs.compose;

import dev.tributary.transforms.api.SqlFunctionFactory;
import dev.tributary.transforms.api.TransformFactory;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.functions.UserDefinedFunction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The custom transforms and SQL functions on the classpath, found with {@link ServiceLoader}. Two
 * factories with one identifier (or two functions with one name) are reported as ambiguous, with the
 * classes involved; a factory that cannot be loaded is reported, not thrown.
 */
@Internal
public final class TransformRegistry {
    private final Map<String, TransformFactory> transforms = new TreeMap<>();
    private final Map<String, dev.tributary.jobs.blocks.BlockFactory> blocks = new TreeMap<>();
    private final Map<String, UserDefinedFunction> functions = new TreeMap<>();
    private final Map<String, String> functionOwners = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    private TransformRegistry() {}

    public static TransformRegistry discover(ClassLoader classLoader) {
        TransformRegistry r = new TransformRegistry();
        Map<String, List<String>> seen = new LinkedHashMap<>();
        try {
            for (TransformFactory f : ServiceLoader.load(TransformFactory.class, classLoader)) {
                seen.computeIfAbsent(f.identifier(), k -> new ArrayList<>()).add(f.getClass().getName());
                r.transforms.putIfAbsent(f.identifier(), f);
            }
        } catch (ServiceConfigurationError e) {
            r.problems.add("a transform factory could not be loaded: " + e.getMessage());
        }
        seen.forEach((id, classes) -> {
            if (classes.size() > 1) {
                r.problems.add("transform identifier '" + id + "' is ambiguous: provided by " + classes
                        + "; remove one of the jars from the classpath");
                r.transforms.remove(id);
            }
        });
        Map<String, List<String>> blockSeen = new LinkedHashMap<>();
        try {
            for (dev.tributary.jobs.blocks.BlockFactory f : ServiceLoader.load(dev.tributary.jobs.blocks.BlockFactory.class, classLoader)) {
                blockSeen.computeIfAbsent(f.identifier(), k -> new ArrayList<>()).add(f.getClass().getName());
                r.blocks.putIfAbsent(f.identifier(), f);
            }
        } catch (ServiceConfigurationError e) {
            r.problems.add("a block factory could not be loaded: " + e.getMessage());
        }
        blockSeen.forEach((id, classes) -> {
            if (classes.size() > 1) {
                r.problems.add("block identifier '" + id + "' is ambiguous: provided by " + classes
                        + "; remove one of the jars from the classpath");
                r.blocks.remove(id);
            }
        });
        try {
            for (SqlFunctionFactory f : ServiceLoader.load(SqlFunctionFactory.class, classLoader)) {
                for (Map.Entry<String, UserDefinedFunction> e : f.functions().entrySet()) {
                    String owner = f.identifier() + " (" + f.getClass().getName() + ")";
                    if (r.functions.containsKey(e.getKey())) {
                        r.problems.add("SQL function '" + e.getKey() + "' is ambiguous: provided by "
                                + r.functionOwners.get(e.getKey()) + " and " + owner);
                    } else {
                        r.functions.put(e.getKey(), e.getValue());
                        r.functionOwners.put(e.getKey(), owner);
                    }
                }
            }
        } catch (ServiceConfigurationError e) {
            r.problems.add("a SQL function factory could not be loaded: " + e.getMessage());
        }
        return r;
    }

    public Optional<TransformFactory> transform(String identifier) {
        return Optional.ofNullable(transforms.get(identifier));
    }

    public Optional<dev.tributary.jobs.blocks.BlockFactory> block(String identifier) {
        return Optional.ofNullable(blocks.get(identifier));
    }

    /** Available blocks by identifier (sorted). */
    public Map<String, dev.tributary.jobs.blocks.BlockFactory> blocks() {
        return blocks;
    }

    /** Available transforms by identifier (sorted). */
    public Map<String, TransformFactory> transforms() {
        return transforms;
    }

    /** SQL functions by name (sorted). */
    public Map<String, UserDefinedFunction> functions() {
        return functions;
    }

    /** Which factory provides each SQL function. */
    public Map<String, String> functionOwners() {
        return functionOwners;
    }

    /** Ambiguities and load failures. */
    public List<String> problems() {
        return problems;
    }
}
