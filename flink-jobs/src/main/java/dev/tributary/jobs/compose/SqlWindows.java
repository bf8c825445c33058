package dev.tributary.jobs.compose;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.api.Table;
import org.apache.flink.util.TimeUtils;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far behind the watermark a SQL query emits its rows, read from its optimized plan: the longest window it
 * has (a tumbling or hopping window's size, a cumulating window's max size, a session's gap). A window's row, whose
 * event time is its start, leaves when the watermark passes its end, up to that span later.
 *
 * <p>Why it matters: such a result loses its time attribute, so a later model reads it as a stream whose event
 * time is a column ({@code window_start}); a finer window or an interval join over it would see rows of windows it
 * already fired and drop them unrouted. Holding its watermark back by this span keeps them on time, and routing what
 * is still behind (a session's, or a span the plan does not show) makes the rest visible in {@code _late}.
 */
@Internal
final class SqlWindows {
    /** Window specs of the plan: TVF windows ({@code size=[5 min]}, {@code max_size=[1 d]}, {@code gap=[10 min]}). */
    private static final Pattern SPAN = Pattern.compile("\\b(?:size|max_size|gap)=\\[([^\\]]+)\\]");
    /** Legacy group windows: {@code TumblingGroupWindow('w$, rowtime, 300000)}, size (and slide) in ms. */
    private static final Pattern GROUP_WINDOW = Pattern.compile("(?:Tumbling|Sliding|Session)GroupWindow\\('[^,]*, [^,]*, (\\d+)");

    private SqlWindows() {}

    /** The longest window span in {@code query}'s plan; zero when it has none (or the plan cannot be read). */
    static Duration span(Table query) {
        String plan;
        try {
            plan = query.explain();
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
        return span(plan);
    }

    static Duration span(String plan) {
        Duration longest = Duration.ZERO;
        Matcher m = SPAN.matcher(plan);
        while (m.find()) {
            try {
                Duration d = TimeUtils.parseDuration(m.group(1).trim());
                longest = d.compareTo(longest) > 0 ? d : longest;
            } catch (IllegalArgumentException e) {
                // not a duration (another operator's "size"): ignore
            }
        }
        Matcher g = GROUP_WINDOW.matcher(plan);
        while (g.find()) {
            Duration d = Duration.ofMillis(Long.parseLong(g.group(1)));
            longest = d.compareTo(longest) > 0 ? d : longest;
        }
        return longest;
    }
}
