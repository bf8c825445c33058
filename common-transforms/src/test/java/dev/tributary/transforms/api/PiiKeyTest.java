package dev.tributary.transforms.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A PII key that only looks long enough (blank, one repeated character) is refused, never echoed. */
class PiiKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "                ", "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t", "zzzzzzzzzzzzzzzzzzzzzzzz", "abcabcabcabcabcabc", "short-key"})
    void refusesShortBlankAndLowEntropySecretsWithoutQuotingThem(String secret) {
        assertThatThrownBy(() -> new PiiKey("v1", secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected at least 16 characters, not only whitespace, with at least 8 different characters")
                .satisfies(e -> {
                    if (!secret.isBlank()) {
                        assertThat(e.getMessage()).doesNotContain(secret);
                    }
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"0123456789abcdef", "bXktcmVhbC1rZXktZnJvbS1vcGVuc3Ns", "test-secret-0123456789"})
    void acceptsSecretsWithEnoughDifferentCharacters(String secret) {
        assertThat(new PiiKey("v1", secret).keyId()).isEqualTo("v1");
    }
}
