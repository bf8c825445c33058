package dev.tributary.transforms.builtin;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.PiiPolicy;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.types.Row;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PiiMaskerTest {

    private static final RecordSchema SCHEMA = RecordSchema.of("people",
            Field.required("id", FieldType.STRING),
            Field.optional("email", FieldType.STRING),
            Field.optional("phone", FieldType.STRING),
            Field.optional("address", FieldType.STRING),
            Field.optional("city", FieldType.STRING));
    private static final PiiPolicy POLICY =
            PiiPolicy.builder().hash("email").mask("phone", 4).redact("address").allow("city").build();
    private static final PiiKey KEY = new PiiKey("v1", "0123456789abcdef-secret");

    @Test
    void protectsEveryPolicyColumnAndLeavesTheRest() {
        Row row = Row.of("p-1", "ada@example.com", "+44 7700 900123", "1 Main St", "Leeds");

        new PiiMasker(SCHEMA, POLICY, KEY).apply(row);

        assertThat((String) row.getField(1)).startsWith("tok:v1:").hasSize("tok:v1:".length() + 43);
        assertThat(row.getField(2)).isEqualTo("***********0123");
        assertThat(row.getField(3)).isEqualTo("[redacted]");
        assertThat(row.getField(4)).isEqualTo("Leeds");
        assertThat(row.getField(0)).isEqualTo("p-1");
    }

    @Test
    void tokensAreStablePerKeyAndDifferAcrossKeys() throws Exception {
        PiiMasker a = new PiiMasker(SCHEMA, POLICY, KEY);
        PiiMasker copy = InstantiationUtil.clone(a);
        PiiMasker rotated = new PiiMasker(SCHEMA, POLICY, new PiiKey("v2", "another-secret-0123456789"));

        assertThat(a.token("ada@example.com")).isEqualTo(copy.token("ada@example.com"));
        assertThat(a.token("ada@example.com")).isNotEqualTo(a.token("bob@example.com"));
        assertThat(rotated.token("ada@example.com")).startsWith("tok:v2:").isNotEqualTo(a.token("ada@example.com"));
    }

    @Test
    void masksShortValuesCompletelyAndKeepsNulls() {
        Row row = Row.of("p-2", null, "123", null, null);

        new PiiMasker(SCHEMA, POLICY, KEY).apply(row);

        assertThat(row.getField(1)).isNull();
        assertThat(row.getField(2)).isEqualTo("***");
    }

    @Test
    void scrubsRawPayloadsEvenWhenTruncatedOrOddlyTyped() {
        PiiMasker m = new PiiMasker(SCHEMA, POLICY, KEY);
        String token = m.token("ada@example.com");

        assertThat(m.scrubPayload("{\"id\":\"p\",\"email\":\"ada@example.com\",\"phone\":\"+44 7700 900123\",\"city\":\"Leeds\"}"))
                .isEqualTo("{\"id\":\"p\",\"email\":\"" + token + "\",\"phone\":\"***********0123\",\"city\":\"Leeds\"}");
        assertThat(m.scrubPayload("{\"id\":\"p\",\"email\" : \"ada@example.com")).isEqualTo("{\"id\":\"p\",\"email\" : \"" + token + "\"");
        assertThat(m.scrubPayload("{\"phone\":447700900123,\"address\":\"1 \\\"Main\\\" St\"}"))
                .isEqualTo("{\"phone\":\"********0123\",\"address\":\"[redacted]\"}");
        assertThat(m.scrubPayload("not json at all")).isEqualTo("not json at all");
        assertThat(m.scrubPayload(null)).isNull();
    }

    @Test
    void refusesPoliciesNamingUndeclaredColumnsAndWeakKeys() {
        PiiPolicy bad = PiiPolicy.builder().hash("mail").build();

        assertThatThrownBy(() -> new PiiMasker(SCHEMA, bad, KEY))
                .hasMessageContaining("dataset 'people'").hasMessageContaining("'mail'").hasMessageContaining("[id, email");
        assertThatThrownBy(() -> new PiiKey("v1", "short")).hasMessageContaining("at least 16 characters");
        assertThat(KEY.toString()).doesNotContain("0123456789abcdef");
    }
}
