package dev.tributary.jobs.lake;

import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DateBucketAssigner} caches the id of the last day it saw (issue 16): whatever the order of the rows, every
 * id must equal the UTC date of the row's instant, as computed without the cache.
 */
class DateBucketAssignerTest {

    @Test
    void everyRowGetsTheUtcDateOfItsInstantInAnyOrder() {
        DateBucketAssigner a = new DateBucketAssigner("event_date", 1);
        Random r = new Random(1202);
        long previous = 1_767_225_599_999L;
        for (int k = 0; k < 50_000; k++) {
            long millis;
            switch (r.nextInt(4)) {
                case 0: // same or next millisecond around a day boundary
                    millis = previous + r.nextInt(3) - 1;
                    break;
                case 1: // anywhere, including before 1970 and after 9999
                    millis = r.nextLong() % 400_000_000_000_000L;
                    break;
                default: // in order, a few minutes later
                    millis = previous + r.nextInt(600_000);
            }
            previous = millis;
            Instant t = Instant.ofEpochMilli(millis);
            String expected = "event_date=" + t.atZone(ZoneOffset.UTC).toLocalDate();
            assertThat(a.getBucketId(Row.of("x", t), null)).as("%s", t).isEqualTo(expected);
        }
    }

    @Test
    void rowsWithoutAnInstantGoToUnknown() {
        DateBucketAssigner a = new DateBucketAssigner("event_date", 0);
        assertThat(a.getBucketId(Row.of((Object) null), null)).isEqualTo("event_date=unknown");
        assertThat(a.getBucketId(Row.of(Instant.EPOCH), null)).isEqualTo("event_date=1970-01-01");
    }
}
