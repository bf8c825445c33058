package dev.tributary.benchmarks;

import dev.tributary.demo.datagen.ExpectedCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each variant must have produced, from the generator's exact {@link ExpectedCounts}: E emitted, M malformed,
 * D duplicates, W = valid + late (distinct well-formed) per dataset. A variant whose counts differ is rejected.
 */
final class Validation {

    private Validation() {}

    static List<String> check(Variant v, ExpectedCounts e, Map<String, Long> c, Map<String, Long> rows) {
        List<String> errors = new ArrayList<>();
        for (String ds : new String[] {"orders", "payments"}) {
            ExpectedCounts.Counts x = e.of(ds);
            long emitted = x.emitted();
            long wellFormed = emitted - x.malformed();
            long distinct = x.wellFormedDistinct();
            switch (v.impl) {
                case LIB:
                    if (v.level == 0) {
                        eq(errors, "l0." + ds + ".lines", c, emitted);
                    } else if (v.level == 1) {
                        eq(errors, "l1." + ds + ".rows", c, emitted);
                        eq(errors, "l1." + ds + ".rows.errors", c, x.malformed());
                    } else {
                        eq(errors, "bronze." + ds + ".landed", c, v.level >= 4 ? distinct : wellFormed);
                        eq(errors, "bronze." + ds + ".quarantined", c, x.malformed());
                        if (v.level >= 3) {
                            eq(errors, "bronze/" + ds, rows, v.level >= 4 ? distinct : wellFormed);
                            eq(errors, "bronze/_quarantine/" + ds, rows, x.malformed());
                        }
                        if (v.level >= 4) {
                            eq(errors, "bronze." + ds + ".duplicates", c, x.duplicates());
                        }
                    }
                    break;
                case SQL:
                    if (v.level <= 2) {
                        eq(errors, "sql." + ds + ".rows", c, v.level == 0 ? emitted : wellFormed);
                    } else {
                        eq(errors, "bronze/" + ds, rows, v.level >= 4 ? distinct : wellFormed);
                    }
                    break;
                default:
                    eq(errors, "java." + ds + ".lines", c, emitted);
                    if (v.level == 1) {
                        eq(errors, "java." + ds + ".parsed", c, emitted - x.malformedJson());
                    }
                    if (v.level >= 2) {
                        eq(errors, "java." + ds + ".valid", c, wellFormed);
                        eq(errors, "java." + ds + ".landed", c, v.level >= 4 ? distinct : wellFormed);
                    }
                    if (v.level >= 3) {
                        eq(errors, "bronze/" + ds, rows, v.level >= 4 ? distinct : wellFormed);
                    }
            }
        }
        long orders = e.orders().wellFormedDistinct();
        if (v.level >= 5) {
            switch (v.impl) {
                case LIB:
                    // Every landed order leaves silver exactly once: enriched, or routed to _late.
                    long enriched = c.getOrDefault("silver.orders_enriched.out", -1L);
                    eq(errors, "silver.orders_enriched.out + silver.orders_enriched.orders.late", enriched + c.getOrDefault("silver.orders_enriched.orders.late", 0L), orders);
                    eq(errors, "silver/orders_enriched", rows, enriched);
                    // Only records the generator made late may be routed to _late: more means on-time data was lost.
                    atMost(errors, "silver.orders_enriched.orders.late", c, e.orders().late());
                    atMost(errors, "silver.orders_enriched.payments.late", c, e.payments().late());
                    if (v.level >= 6) {
                        eq(errors, "gold/payment_conversion_daily.orders", rows, enriched);
                    }
                    break;
                case SQL:
                    positive(errors, "silver/orders_enriched", rows);
                    if (v.level >= 6) {
                        positive(errors, "gold/payment_conversion_daily.orders", rows);
                    }
                    break;
                default:
                    eq(errors, "java.silver.rows", c, orders);
                    eq(errors, "silver/orders_enriched", rows, orders);
                    if (v.level >= 6) {
                        eq(errors, "java.gold.orders", c, orders);
                    }
            }
        }
        return errors;
    }

    private static void eq(List<String> errors, String name, Map<String, Long> actual, long expected) {
        eq(errors, name, actual.getOrDefault(name, -1L), expected);
    }

    private static void eq(List<String> errors, String name, long actual, long expected) {
        if (actual != expected) {
            errors.add(name + ": expected " + expected + ", got " + actual);
        }
    }

    private static void atMost(List<String> errors, String name, Map<String, Long> actual, long bound) {
        long a = actual.getOrDefault(name, 0L);
        if (a > bound) {
            errors.add(name + ": expected at most " + bound + " (the generator's late records), got " + a);
        }
    }

    private static void positive(List<String> errors, String name, Map<String, Long> actual) {
        if (actual.getOrDefault(name, 0L) <= 0) {
            errors.add(name + ": expected rows, got none");
        }
    }
}
