package dev.tributary.jobs.definition;

import dev.tributary.transforms.api.SourceFactory;

import org.apache.flink.annotation.Internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The {@link SourceFactory}s on the classpath (the thread's context class loader, like transforms), by
 * identifier. Two factories with one identifier, or a factory named like a built-in {@link SourceKind},
 * fail loudly: which one a pipeline would get must never depend on classpath order.
 */
@Internal
public final class SourceFactories {

    private SourceFactories() {}

    /** Every factory by identifier. */
    public static Map<String, SourceFactory> all() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Map<String, List<SourceFactory>> found = new TreeMap<>();
        for (SourceFactory f : ServiceLoader.load(SourceFactory.class, loader)) {
            found.computeIfAbsent(f.identifier(), k -> new ArrayList<>()).add(f);
        }
        Map<String, SourceFactory> byId = new TreeMap<>();
        for (Map.Entry<String, List<SourceFactory>> e : found.entrySet()) {
            if (e.getValue().size() > 1 || SourceKind.fromIdentifier(e.getKey()) != null) {
                List<String> classes = new ArrayList<>();
                e.getValue().forEach(f -> classes.add(f.getClass().getName()));
                throw new IllegalStateException("source kind '" + e.getKey() + "' is provided by more than one source: "
                        + classes + (SourceKind.fromIdentifier(e.getKey()) != null ? " and the built-in kind" : "")
                        + "; remove one from the classpath");
            }
            byId.put(e.getKey(), e.getValue().get(0));
        }
        return byId;
    }

    /** The factory of {@code source} (a {@link SourceKind#FACTORY} source). */
    public static SourceFactory of(SourceDef source) {
        SourceFactory f = all().get(source.kindIdentifier());
        if (f == null) {
            throw new IllegalStateException("source '" + source.name() + "': no source factory '" + source.kindIdentifier()
                    + "' on the classpath (available: " + all().keySet() + ")");
        }
        return f;
    }
}
