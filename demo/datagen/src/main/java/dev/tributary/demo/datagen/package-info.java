/**
 * Deterministic, seeded generator of the reference data (orders, payments, customers) used by the
 * embedded demo, the tests and the benchmarks.
 *
 * <pre>
 *   GeneratorConfig ──► ReferenceDataGenerator ──► event(dataset, slot) = f(config, dataset, slot)
 *                              │                      (no state: any slot, any order, any subtask)
 *          ┌───────────────────┼──────────────────────┬───────────────────────┐
 *   GeneratorSources     JsonLinesWriter        KafkaJsonWriter         expected() / customers()
 *   (DataGeneratorSource) (orders.jsonl, ...)   (topics orders, payments) (exact counts, CDC script)
 * </pre>
 *
 * <p>Internals: {@code EventStream} applies kinds (duplicate, late, malformed) to a dataset's slots;
 * {@code OrderStream} and {@code PaymentStream} (with {@code PaymentLayout}) make the entities;
 * {@code CustomerBook} the customers; {@code SlotRandom} is the counter-based randomness.
 */
package dev.tributary.demo.datagen;
