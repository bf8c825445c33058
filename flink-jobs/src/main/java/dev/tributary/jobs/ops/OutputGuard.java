package dev.tributary.jobs.ops;

import dev.tributary.jobs.definition.ModelDef;
import dev.tributary.jobs.definition.PipelineDef;
import dev.tributary.jobs.definition.SourceDef;
import dev.tributary.jobs.lake.LakeFiles;
import dev.tributary.jobs.lake.LakeLayout;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a {@link WriteMode} before a fresh start: finds whether the pipeline's tables already hold
 * committed files, and refuses ({@code fail-if-exists}), deletes them ({@code replace}) or lets the run
 * add to them ({@code append}).
 *
 * <p>The tables are those the definition names: per source its bronze table, quarantine and late
 * folders; per model its table; for built-in blocks the tables they land ({@code scd2}: also
 * {@code <model>_open}) and each model's late folder {@code <layer>/_late/<model>}. Files outside them are never touched.
 */
@Internal
public final class OutputGuard {

    private OutputGuard() {}

    /** Every table folder the pipeline writes. */
    public static List<Path> tables(PipelineDef def, LakeLayout lake) {
        List<Path> tables = new ArrayList<>();
        for (SourceDef s : def.sources()) {
            tables.add(lake.bronze(s.name()));
            tables.add(lake.bronzeQuarantine(s.name()));
            tables.add(lake.silverLate(s.name()));
        }
        for (ModelDef m : def.models()) {
            tables.add(lake.table(m.layer().key(), m.name()));
            if (m.block() != null && "scd2".equals(m.block().identifier())) {
                tables.add(lake.silver(m.name() + "_open"));
            }
            // Every model's late records of each input: <layer>/_late/<model>/<input>.
            tables.add(new Path(lake.table(m.layer().key(), LakeLayout.LATE), m.name()));
        }
        return tables;
    }

    /** The tables that hold at least one committed file. */
    public static List<Path> nonEmpty(PipelineDef def, LakeLayout lake) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path t : tables(def, lake)) {
            if (!LakeFiles.committedFiles(t).isEmpty()) {
                found.add(t);
            }
        }
        return found;
    }

    /**
     * Applies the mode; returns what it did, for the run's output ("" when the tables were empty).
     *
     * @throws OutputExistsException with {@code fail-if-exists} when a table holds data
     */
    public static String apply(PipelineDef def, LakeLayout lake, WriteMode mode) throws IOException {
        List<Path> found = nonEmpty(def, lake);
        if (found.isEmpty()) {
            return "";
        }
        switch (mode) {
            case FAIL_IF_EXISTS:
                throw new OutputExistsException(String.format(
                        "the lake %s already holds output of pipeline '%s' (%d tables, e.g. %s): running it again would"
                                + " land every input record again. Choose --mode replace (delete the pipeline's tables, then run),"
                                + " --mode append (add to them: for inputs that hold only new records), or resume the stopped"
                                + " run from its checkpoint or savepoint",
                        lake.root(), def.name(), found.size(), found.get(0)));
            case REPLACE:
                for (Path t : tables(def, lake)) {
                    t.getFileSystem().delete(t, true);
                }
                return "replaced: deleted " + found.size() + " tables of pipeline '" + def.name() + "' before the run";
            case APPEND:
                return "appending to " + found.size() + " tables that already hold data (--mode append)";
            default:
                throw new IllegalStateException("unknown mode " + mode);
        }
    }

    /** The pipeline's tables hold data and the mode is {@code fail-if-exists}: nothing was started. */
    public static final class OutputExistsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutputExistsException(String message) {
            super(message);
        }
    }
}
