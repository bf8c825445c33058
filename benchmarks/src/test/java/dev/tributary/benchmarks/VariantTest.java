package dev.tributary.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A variant's name is how the harness hands it to the child JVM: every flag must survive the round trip. */
class VariantTest {

    @Test
    void everyPlannedVariantParsesBackToItself() {
        List<Variant> all = new ArrayList<>(BenchmarkMain.mainMatrix());
        all.addAll(BenchmarkMain.smokeMatrix());
        all.addAll(BenchmarkMain.scalingMatrix());
        all.add(Variant.of(Variant.Impl.LIB, 6).objectReuse().aligned().iceberg());
        for (Variant v : all) {
            Variant back = Variant.parse(v.toString());
            assertThat(back).isEqualTo(v);
            assertThat(back.iceberg).isEqualTo(v.iceberg);
            assertThat(back.aligned).isEqualTo(v.aligned);
            assertThat(back.objectReuse).isEqualTo(v.objectReuse);
        }
        assertThat(Variant.parse("lib:L4:streaming:heap:p1:iceberg").iceberg).isTrue();
        assertThat(Variant.parse("lib:L6:streaming:heap:p1:aligned").iceberg).isFalse();
    }
}
