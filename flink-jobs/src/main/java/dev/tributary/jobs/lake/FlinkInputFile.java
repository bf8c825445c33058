package dev.tributary.jobs.lake;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.IOException;

/** A Parquet {@link InputFile} over Flink's file systems, so lake files read the same on local paths and s3a://. */
@Internal
public final class FlinkInputFile implements InputFile {

    private final Path path;
    private final long length;

    public FlinkInputFile(Path path) throws IOException {
        this.path = path;
        this.length = path.getFileSystem().getFileStatus(path).getLen();
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        FileSystem fs = path.getFileSystem();
        FSDataInputStream in = fs.open(path);
        return new DelegatingSeekableInputStream(in) {
            @Override
            public long getPos() throws IOException {
                return in.getPos();
            }

            @Override
            public void seek(long newPos) throws IOException {
                in.seek(newPos);
            }
        };
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
