package dev.tributary.demo.datagen;

import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Defaults, validation messages and value semantics of {@link GeneratorConfig}. */
class GeneratorConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        GeneratorConfig c = GeneratorConfig.defaults();

        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.orders()).isEqualTo(100_000);
        assertThat(c.customers()).isEqualTo(1_000);
        assertThat(c.start()).isEqualTo(Instant.parse("2026-01-05T00:00:00Z"));
        assertThat(c.orderGap()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.lateness()).isEqualTo(Duration.ofSeconds(65));
        assertThat(c.paymentWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.paymentRate()).isEqualTo(0.85);
        assertThat(c.effectivePaymentRate()).isEqualTo(0.85);
        assertThat(c.paymentBlockSize()).isEqualTo(100);
        assertThat(c.malformedRate()).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void invalidValuesFailWithAMessageSayingWhatToChange() {
        assertThatThrownBy(() -> GeneratorConfig.builder().duplicateRate(0.6).lateRate(0.5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed 1");
        assertThatThrownBy(() -> GeneratorConfig.builder().lateRate(-0.1).build())
                .hasMessageContaining("lateRate");
        assertThatThrownBy(() -> GeneratorConfig.builder().paymentWindow(Duration.ofSeconds(10)).build())
                .hasMessageContaining("raise paymentWindow");
        assertThatThrownBy(() -> GeneratorConfig.builder().customers(0).build())
                .hasMessageContaining("customers");
        assertThatThrownBy(() -> GeneratorConfig.builder().orderGap(Duration.ZERO).build())
                .hasMessageContaining("orderGap");
        assertThatThrownBy(() -> GeneratorConfig.builder().start(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void allRatesZeroAndZeroOrdersAreAllowed() {
        GeneratorConfig c = GeneratorConfig.builder().orders(0).clean().paymentRate(0).build();

        ReferenceDataGenerator gen = new ReferenceDataGenerator(c);

        assertThat(gen.events()).isEmpty();
        assertThat(gen.expected().orders().emitted()).isZero();
    }

    @Test
    void smallWindowsShrinkThePaymentBlockAndTheRateQuantum() {
        GeneratorConfig c = GeneratorConfig.builder().paymentWindow(Duration.ofSeconds(60)).build();

        assertThat(c.paymentBlockSize()).isEqualTo(12); // (60 s - 2 * 5 s) / (2 * 2 s)
        assertThat(c.effectivePaymentRate()).isEqualTo(10 / 12.0);
    }

    @Test
    void configIsAValueAndSurvivesJavaSerialization() throws Exception {
        GeneratorConfig c = GeneratorConfig.builder().seed(3).orders(10).build();

        GeneratorConfig copy = InstantiationUtil.clone(c);

        assertThat(copy).isEqualTo(c).hasSameHashCodeAs(c);
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.toBuilder().seed(4).build()).isNotEqualTo(c);
    }
}
