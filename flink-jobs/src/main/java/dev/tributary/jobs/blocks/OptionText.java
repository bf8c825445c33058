package dev.tributary.jobs.blocks;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.Formatter;
import org.apache.flink.configuration.description.TextElement;

import java.util.EnumSet;

/**
 * A {@link ConfigOption}'s description as plain text, for messages and option tables ({@code Description} has no
 * {@code toString}, so concatenating one prints an object id; Flink's own formatter writes HTML).
 */
@Internal
public final class OptionText extends Formatter {

    private OptionText() {}

    public static String of(ConfigOption<?> option) {
        return new OptionText().format(option.description());
    }

    @Override
    protected void formatLink(StringBuilder state, String link, String description) {
        state.append(description).append(" (").append(link).append(')');
    }

    @Override
    protected void formatLineBreak(StringBuilder state) {
        state.append(' ');
    }

    @Override
    protected void formatText(StringBuilder state, String format, String[] elements, EnumSet<TextElement.TextStyle> styles) {
        state.append(String.format(format, (Object[]) elements));
    }

    @Override
    protected void formatList(StringBuilder state, String[] entries) {
        state.append(String.join("; ", entries));
    }

    @Override
    protected Formatter newInstance() {
        return new OptionText();
    }
}
