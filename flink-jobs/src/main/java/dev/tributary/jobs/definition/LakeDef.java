package dev.tributary.jobs.definition;

import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.MemorySize;

import java.io.Serializable;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * The lake every layer lands in: a root (local path, {@code file://} or {@code s3a://}) and small-file
 * compaction (merge files under {@code smaller-than} every {@code every-checkpoints}; 0 = never).
 */
@PublicEvolving
public final class LakeDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String root;
    private final int compactEveryCheckpoints;
    private final MemorySize compactSmallerThan;

    public LakeDef(String root, int compactEveryCheckpoints, MemorySize compactSmallerThan) {
        this.root = checkNotNull(root, "root");
        this.compactEveryCheckpoints = compactEveryCheckpoints;
        this.compactSmallerThan = checkNotNull(compactSmallerThan, "compactSmallerThan");
    }

    public String root() {
        return root;
    }

    public int compactEveryCheckpoints() {
        return compactEveryCheckpoints;
    }

    public MemorySize compactSmallerThan() {
        return compactSmallerThan;
    }

    /** The same lake under another root (the CLI's {@code --lake}). */
    public LakeDef withRoot(String newRoot) {
        return new LakeDef(newRoot, compactEveryCheckpoints, compactSmallerThan);
    }

    /** The layout; a relative local root is resolved against the working directory. */
    public LakeLayout layout() {
        // A URI (file:/x, file:///x, s3a://b/x) stays as it is; anything else is a local path.
        boolean hasScheme = root.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*");
        return new LakeLayout(hasScheme ? root : new java.io.File(root).getAbsoluteFile().toURI().toString());
    }

    public LakeSinks sinks() {
        return compactEveryCheckpoints > 0
                ? LakeSinks.compactEvery(compactEveryCheckpoints, compactSmallerThan)
                : LakeSinks.rollOnCheckpoint();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LakeDef && root.equals(((LakeDef) o).root)
                && compactEveryCheckpoints == ((LakeDef) o).compactEveryCheckpoints
                && compactSmallerThan.equals(((LakeDef) o).compactSmallerThan);
    }

    @Override
    public int hashCode() {
        return Objects.hash(root, compactEveryCheckpoints, compactSmallerThan);
    }

    @Override
    public String toString() {
        return "LakeDef{" + root + ", compact every " + compactEveryCheckpoints + " < " + compactSmallerThan + "}";
    }
}
