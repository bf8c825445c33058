package dev.tributary.jobs.cli;

import dev.tributary.jobs.definition.Secrets;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 item 6: planted secrets (URI user-info, secret-looking option keys, values from ${ENV}) never
 * appear in {@code explain} output, definition errors or log lines formatted by the shipped log4j config.
 */
class SecretMaskingTest {
    private static final List<String> PLANTED = List.of("AKIAPLANTEDKEY", "planted-s3-secret", "planted-sr-user:planted-sr-pass",
            "planted-jaas-pass", "planted-reg-pass", "planted-env-token-value", "planted-bootstrap:9092");

    private static final String PIPELINE = String.join("\n",
            "pipeline: {name: secretive}",
            "lake: {root: 's3a://AKIAPLANTEDKEY:planted-s3-secret@bucket/lake'}",
            "sources:",
            "  orders:",
            "    kind: kafka",
            "    options:",
            "      bootstrap-servers: ${KAFKA_BOOTSTRAP}",
            "      topic: orders",
            "      group-id: g",
            "      properties.basic.auth.user.info: planted-sr-user:planted-sr-pass",
            "      properties.sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"u\" password=\"planted-jaas-pass\";'",
            "      properties.schema.registry.url: https://reg-user:planted-reg-pass@registry:8081",
            "      properties.client.id: ${CLIENT_ID}",
            "    schema: {order_id: STRING NOT NULL, order_ts: TIMESTAMP NOT NULL}",
            "    event-time: {column: order_ts}",
            "    bronze: {dedupe: {key: [order_id]}}",
            "");
    private static final Map<String, String> ENV = Map.of("KAFKA_BOOTSTRAP", "planted-bootstrap:9092",
            "CLIENT_ID", "planted-env-token-value");

    @Test
    void explainShowsNoPlantedSecret(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("p.yaml");
        Files.writeString(file, PIPELINE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TributaryCli.run(new String[] {"explain", "--pipeline", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), ENV);

        String shown = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(shown).isEqualTo(TributaryCli.OK);
        assertThat(shown).contains("s3a://******@bucket/lake", "properties.basic.auth.user.info=******",
                "properties.sasl.jaas.config=******", "https://******@registry:8081", "topic=orders");
        for (String secret : PLANTED) {
            assertThat(shown).doesNotContain(secret);
        }
    }

    @Test
    void anUnreadableDefinitionUriIsNamedWithoutItsUserInfo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = TributaryCli.run(new String[] {"validate", "--pipeline", "nosuch://AKIAPLANTEDKEY:planted-s3-secret@host/p.yaml"},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8), ENV);

        assertThat(code).isEqualTo(TributaryCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("nosuch://******@host/p.yaml")
                .doesNotContain("AKIAPLANTEDKEY", "planted-s3-secret");
    }

    @Test
    void theShippedLogPatternMasksSecretsInMessagesAndStackTraces() throws Exception {
        Properties config = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/tributary-log4j2.properties")) {
            config.load(in);
        }
        PatternLayout layout = PatternLayout.newBuilder().withPattern(config.getProperty("appender.console.layout.pattern"))
                .withAlwaysWriteExceptions(false).build();
        LogEvent event = Log4jLogEvent.newBuilder().setLoggerName("t").setLevel(Level.WARN)
                .setMessage(new SimpleMessage("writing to s3a://AKIAPLANTEDKEY:planted-s3-secret@bucket/lake with"
                        + " properties.basic.auth.user.info=planted-sr-user:planted-sr-pass and password: planted-jaas-pass"))
                .setThrown(new IllegalStateException("cannot reach https://reg-user:planted-reg-pass@registry:8081"))
                .build();

        String line = layout.toSerializable(event);

        assertThat(line).contains("s3a://******@bucket/lake", "properties.basic.auth.user.info=******", "IllegalStateException",
                "https://******@registry");
        for (String secret : PLANTED) {
            assertThat(line).doesNotContain(secret);
        }
    }

    @Test
    void theMaskingUtilityMasksByKeyAndByValue() {
        assertThat(Secrets.isSecretKey("properties.basic.auth.user.info")).isTrue();
        assertThat(Secrets.isSecretKey("properties.sasl.jaas.config")).isTrue();
        assertThat(Secrets.isSecretKey("s3.access-key")).isTrue();
        assertThat(Secrets.isSecretKey("topic")).isFalse();
        // key columns of a block (keys, left-keys) are structure; a key that is a credential stays masked
        assertThat(Secrets.isSecretKey("keys")).isFalse();
        assertThat(Secrets.isSecretKey("left-keys")).isFalse();
        assertThat(Secrets.isSecretKey("api-key")).isTrue();
        assertThat(Secrets.isSecretKey("api-keys")).isTrue();
        assertThat(Secrets.isSecretKey("properties.ssl.keystore.password")).isTrue();
        assertThat(Secrets.maskUserInfo("postgres://u:p@h:5432/db")).isEqualTo("postgres://******@h:5432/db");
        assertThat(Secrets.mask("token=abc123 and planted-env-token-value", List.of("planted-env-token-value")))
                .isEqualTo("token=****** and ******");
    }
}
