package dev.tributary.jobs.cdc;

import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresCdcSourceConfigTest {

    @Test
    void readsOptionsTakesCredentialsFromTheEnvironmentAndNeverPrintsThePassword() {
        Configuration conf = new Configuration();
        conf.set(PostgresCdcSourceOptions.HOSTNAME, "db.internal");
        conf.set(PostgresCdcSourceOptions.DATABASE, "shop");
        conf.set(PostgresCdcSourceOptions.TABLES, List.of("public.customers"));
        conf.set(PostgresCdcSourceOptions.SLOT_NAME, "tributary_customers");
        conf.set(PostgresCdcSourceOptions.PUBLICATION_NAME, "tributary_customers_pub");

        PostgresCdcSourceConfig config = PostgresCdcSourceConfig.fromConfiguration(conf,
                Map.of(PostgresCdcSourceOptions.ENV_USERNAME, "cdc", PostgresCdcSourceOptions.ENV_PASSWORD, "s3cr3t-pw"));

        assertThat(config.username()).isEqualTo("cdc");
        assertThat(config.password()).isEqualTo("s3cr3t-pw");
        assertThat(config.port()).isEqualTo(5432);
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/shop");
        assertThat(config.toString()).doesNotContain("s3cr3t-pw").contains("password=******", "tributary_customers");
    }

    @Test
    void missingSettingsAreNamed() {
        Configuration conf = new Configuration();
        conf.set(PostgresCdcSourceOptions.HOSTNAME, "db");
        conf.set(PostgresCdcSourceOptions.DATABASE, "shop");
        conf.set(PostgresCdcSourceOptions.TABLES, List.of("public.customers"));
        conf.set(PostgresCdcSourceOptions.SLOT_NAME, "s");
        conf.set(PostgresCdcSourceOptions.PUBLICATION_NAME, "p");
        conf.set(PostgresCdcSourceOptions.USERNAME, "u");

        assertThatThrownBy(() -> PostgresCdcSourceConfig.fromConfiguration(conf, Map.of()))
                .hasMessageContaining("source.postgres.password").hasMessageContaining("TRIBUTARY_PG_PASSWORD");
        assertThatThrownBy(() -> PostgresCdcSourceConfig.builder().hostname("h").database("d").tables(List.of("customers"))
                .username("u").password("p").slotName("s").publicationName("p").build())
                .hasMessageContaining("schema-qualified");
    }

    @Test
    void everyOptionIsDocumented() throws Exception {
        int options = 0;
        for (java.lang.reflect.Field f : PostgresCdcSourceOptions.class.getFields()) {
            if (f.getType() == org.apache.flink.configuration.ConfigOption.class) {
                org.apache.flink.configuration.ConfigOption<?> o = (org.apache.flink.configuration.ConfigOption<?>) f.get(null);
                assertThat(o.description().toString()).as(o.key()).isNotBlank();
                assertThat(o.key()).startsWith("source.postgres.");
                options++;
            }
        }
        assertThat(options).isEqualTo(10);
    }

    @Test
    void bronzeInputNeedsOneTablePerSource() {
        PostgresCdcSourceConfig two = PostgresCdcSourceConfig.builder().hostname("h").database("d")
                .tables(List.of("public.a", "public.b")).username("u").password("p").slotName("s").publicationName("p").build();

        assertThatThrownBy(() -> PostgresCdcSources.bronzeInput(CdcTestData.CUSTOMERS, two))
                .hasMessageContaining("one table").hasMessageContaining("[public.a, public.b]");
    }
}
