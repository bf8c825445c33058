package dev.tributary.jobs.lake;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.core.fs.Path;
import org.apache.flink.types.Row;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/** Reads small Parquet part files back as rows so the FileSink compactor can merge them into one file. */
@Internal
final class ParquetRowCompactorReader implements RecordWiseFileCompactor.Reader<Row> {

    private final Iterator<Row> rows;

    private ParquetRowCompactorReader(List<Row> rows) {
        this.rows = rows.iterator();
    }

    @Override
    public Row read() {
        return rows.hasNext() ? rows.next() : null;
    }

    @Override
    public void close() {}

    /** Factory, serializable with the schema of the files it reads. */
    static final class Factory implements RecordWiseFileCompactor.Reader.Factory<Row> {
        private static final long serialVersionUID = 1L;
        private final RecordSchema schema;

        Factory(RecordSchema schema) {
            this.schema = schema;
        }

        @Override
        public RecordWiseFileCompactor.Reader<Row> createFor(Path path) throws IOException {
            return new ParquetRowCompactorReader(LakeFiles.read(path, schema));
        }
    }
}
