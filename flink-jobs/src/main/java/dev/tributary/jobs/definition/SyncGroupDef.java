package dev.tributary.jobs.definition;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Sources whose watermarks advance together: no member may run more than {@code maxDrift} of event time
 * ahead of the slowest (Flink watermark alignment). Members are the sources naming the group.
 */
@PublicEvolving
public final class SyncGroupDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Duration maxDrift;
    private final Duration updateInterval;
    private final List<String> members;

    public SyncGroupDef(String name, Duration maxDrift, Duration updateInterval, List<String> members) {
        this.name = checkNotNull(name, "name");
        this.maxDrift = checkNotNull(maxDrift, "maxDrift");
        this.updateInterval = checkNotNull(updateInterval, "updateInterval");
        this.members = List.copyOf(members);
    }

    public String name() {
        return name;
    }

    public Duration maxDrift() {
        return maxDrift;
    }

    public Duration updateInterval() {
        return updateInterval;
    }

    public List<String> members() {
        return members;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SyncGroupDef)) {
            return false;
        }
        SyncGroupDef g = (SyncGroupDef) o;
        return name.equals(g.name) && maxDrift.equals(g.maxDrift) && updateInterval.equals(g.updateInterval)
                && members.equals(g.members);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, maxDrift, updateInterval, members);
    }

    @Override
    public String toString() {
        return name + members + " max drift " + maxDrift;
    }
}
