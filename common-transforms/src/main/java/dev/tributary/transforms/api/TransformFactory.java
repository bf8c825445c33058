package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Set;

/**
 * Creates a {@link Transform} from options. Implementations are found with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/dev.tributary.transforms.api.TransformFactory} and put the
 * jar on the classpath (or in the job jar). A pipeline definition refers to it by {@link #identifier()}:
 *
 * <pre>
 * silver:
 *   orders_clean:
 *     transform:
 *       identifier: normalise-strings
 *       input: readings
 *       options:
 *         columns: status, currency
 * </pre>
 *
 * <p>Before {@link #create} is called, Tributary rejects options that are neither required nor optional
 * (listing the allowed ones) and reports missing required options, together with every other error in
 * the definition. Two factories with the same identifier on the classpath are an error.
 */
@PublicEvolving
public interface TransformFactory {

    /** Unique, lower-case, dash-separated name used in pipeline definitions. */
    String identifier();

    /** Options that must be set. */
    default Set<String> requiredOptions() {
        return Set.of();
    }

    /** Options that may be set. */
    default Set<String> optionalOptions() {
        return Set.of();
    }

    /**
     * Creates the transform.
     *
     * @throws IllegalArgumentException with a message naming the option and what was expected, when an
     *     option's value is invalid or does not fit the input schema; reported as a definition error
     */
    Transform create(TransformContext context);

    /** One line for {@code explain}. */
    default String description() {
        return "";
    }
}
