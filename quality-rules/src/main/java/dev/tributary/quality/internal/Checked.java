package dev.tributary.quality.internal;

import dev.tributary.quality.api.Violation;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.BasicArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.types.Row;

import java.util.Arrays;
import java.util.List;

/**
 * The record envelope passed between the quality operators: the record, and the names and messages
 * of the rules it failed so far. A {@link Tuple3} with explicit type information (a Row inside a
 * POJO would fall back to Kryo).
 */
@Internal
public final class Checked {
    private static final String[] NONE = new String[0];

    private Checked() {}

    /** Type information of envelopes around rows of {@code rowType}. */
    public static TypeInformation<Tuple3<Row, String[], String[]>> typeInfo(RowTypeInfo rowType) {
        return new TupleTypeInfo<>(rowType, BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO,
                BasicArrayTypeInfo.STRING_ARRAY_TYPE_INFO);
    }

    /** An envelope with the given violations. */
    public static Tuple3<Row, String[], String[]> of(Row row, List<Violation> violations) {
        if (violations.isEmpty()) {
            return Tuple3.of(row, NONE, NONE);
        }
        String[] rules = new String[violations.size()];
        String[] messages = new String[violations.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = violations.get(i).rule();
            messages[i] = violations.get(i).message();
        }
        return Tuple3.of(row, rules, messages);
    }

    /** The same envelope with one more violation. */
    public static Tuple3<Row, String[], String[]> withViolation(
            Tuple3<Row, String[], String[]> in, String rule, String message) {
        String[] rules = Arrays.copyOf(in.f1, in.f1.length + 1);
        String[] messages = Arrays.copyOf(in.f2, in.f2.length + 1);
        rules[rules.length - 1] = rule;
        messages[messages.length - 1] = message;
        return Tuple3.of(in.f0, rules, messages);
    }
}
