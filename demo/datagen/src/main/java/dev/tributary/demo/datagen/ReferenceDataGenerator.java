package dev.tributary.demo.datagen;


import org.apache.flink.annotation.PublicEvolving;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Deterministic, seeded generator of the reference data: {@code orders} and {@code payments} as
 * JSON lines with duplicates, bounded disorder, late and malformed records at the configured rates,
 * and the {@code customers} with a scripted history of changes.
 *
 * <p>Each dataset is a sequence of slots in arrival order. Event {@code (dataset, i)} is a pure
 * function of (config, dataset, i): computing it never needs earlier events, costs O(1) amortised
 * (payments: O(100) for the first slot of a block) and no memory, so a parallel Flink source can
 * compute any range and 10^7 events stream in constant memory. Equal configs give byte-identical
 * payloads on every JVM; different seeds give different data.
 *
 * <p>Guarantees, per dataset in slot order, where "running max" is the largest event time of the
 * VALID and DUPLICATE events before: a VALID or DUPLICATE event is less than {@code
 * maxOutOfOrderness} behind the running max (at most 0 ms when the bound is 0); a LATE event is more
 * than {@link GeneratorConfig#lateness()} behind it; a DUPLICATE repeats the payload of a VALID event
 * at most 8 slots earlier. A payment has its order's amount and an event time in (order time, order
 * time + paymentWindow); a retried order's failed attempt arrives before its captured one (their
 * event times may still swap within the disorder bound). Payments reference VALID orders whenever
 * the order's block of (at most) 100 holds enough of them, which is always the case at the default
 * rates; at high defect rates a few reference LATE or malformed orders (orphans, as in real data;
 * {@link #orderSlotOfPayment} and {@link #kind} tell which). See {@link ExpectedCounts} for what is
 * counted.
 *
 * <p>Thread-safe.
 */
@PublicEvolving
public final class ReferenceDataGenerator {
    private final GeneratorConfig config;
    private final CustomerBook customers;
    private final OrderStream orders;
    private final PaymentStream payments;

    private List<Customer> customerVersions;

    public ReferenceDataGenerator(GeneratorConfig config) {
        this.config = checkNotNull(config, "config");
        this.customers = new CustomerBook(config);
        this.orders = new OrderStream(config, customers);
        this.payments = new PaymentStream(config, orders, customers);
    }

    public GeneratorConfig config() {
        return config;
    }

    /** Number of events of a dataset ({@code "orders"}, {@code "payments"} or {@code "customers"}). */
    public long count(String dataset) {
        if (ReferenceSchemas.CUSTOMERS.equals(dataset)) {
            return customerVersions().size();
        }
        return stream(dataset).count();
    }

    /**
     * Event {@code slot} of a dataset.
     *
     * @throws IllegalArgumentException for an unknown dataset or a slot outside [0, count)
     */
    public GeneratedEvent event(String dataset, long slot) {
        if (ReferenceSchemas.CUSTOMERS.equals(dataset)) {
            List<Customer> versions = customerVersions();
            checkArgument(slot >= 0 && slot < versions.size(), "slot %s not in [0, %s) of customers", slot, versions.size());
            Customer c = versions.get((int) slot);
            return new GeneratedEvent(dataset, c.customerId(), customerJson(c), c.updatedAt(), EventKind.VALID, slot);
        }
        EventStream s = stream(dataset);
        checkArgument(slot >= 0 && slot < s.count(), "slot %s not in [0, %s) of %s", slot, s.count(), dataset);
        return s.event(slot);
    }

    public GeneratedEvent order(long slot) {
        return event(ReferenceSchemas.ORDERS, slot);
    }

    public GeneratedEvent payment(long slot) {
        return event(ReferenceSchemas.PAYMENTS, slot);
    }

    /** The kind of an event, without building its payload. */
    public EventKind kind(String dataset, long slot) {
        return stream(dataset).kind(slot);
    }

    /** The order slot a payment slot pays for; its order id is {@code O-} and the slot in 10 digits. */
    public long orderSlotOfPayment(long paymentSlot) {
        return payments.orderSlot(paymentSlot);
    }

    /** All events of one dataset in arrival (slot) order; sequential, lazy. */
    public Stream<GeneratedEvent> events(String dataset) {
        EventStream s = stream(dataset);
        return LongStream.range(0, s.count()).mapToObj(s::event);
    }

    /**
     * All events of both datasets, merged in a plausible global arrival order: by the slots' base
     * event times, orders first on ties. Each dataset keeps its own slot order.
     */
    public Stream<GeneratedEvent> events() {
        return StreamSupport.stream(
                Spliterators.spliterator(iterator(), orders.count() + payments.count(),
                        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED),
                false);
    }

    /** Iterator form of {@link #events()}. */
    public Iterator<GeneratedEvent> iterator() {
        return new Iterator<>() {
            private long o;
            private long p;

            @Override
            public boolean hasNext() {
                return o < orders.count() || p < payments.count();
            }

            @Override
            public GeneratedEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                boolean takeOrder = p >= payments.count()
                        || (o < orders.count() && orders.baseMillis(o) <= payments.baseMillis(p));
                return takeOrder ? orders.event(o++) : payments.event(p++);
            }
        };
    }

    /** Exact counts by dataset and kind of what {@link #events()} emits; O(events), no payloads. */
    public ExpectedCounts expected() {
        return new ExpectedCounts(countKinds(orders), countKinds(payments));
    }

    private static ExpectedCounts.Counts countKinds(EventStream s) {
        long[] byKind = new long[EventKind.values().length];
        for (long i = 0; i < s.count(); i++) {
            byKind[s.kind(i).ordinal()]++;
        }
        return new ExpectedCounts.Counts(byKind);
    }

    /** The initial version of customer number {@code n} (0-based). */
    public Customer customer(int n) {
        return customers.customer(n);
    }

    /** Initial versions of all customers, by number: the table's first snapshot. */
    public List<Customer> customers() {
        List<Customer> all = new ArrayList<>(customers.count());
        for (int n = 0; n < customers.count(); n++) {
            all.add(customers.customer(n));
        }
        return all;
    }

    /** Every version of a customer, oldest first. */
    public List<Customer> customerHistory(String customerId) {
        return customers.history(customers.indexOf(customerId));
    }

    /**
     * The scripted changes: every non-initial customer version, ordered by {@code updatedAt} then id.
     * Applying them in order to {@link #customers()} (UPDATE of segment, country, updated_at)
     * reproduces each customer's history; change instants lie within the orders' event-time span.
     */
    public List<Customer> customerChanges() {
        List<Customer> changes = new ArrayList<>();
        IntStream.range(0, customers.count())
                .forEach(n -> {
                    List<Customer> h = customers.history(n);
                    changes.addAll(h.subList(1, h.size()));
                });
        changes.sort(Comparator.comparing(Customer::updatedAt).thenComparing(Customer::customerId));
        return changes;
    }

    /**
     * Every customer version (initial rows and scripted changes) as the {@code customers} change stream:
     * ordered by {@code updatedAt} then id, each a VALID event whose payload is a {@code customers} row
     * ({@link ReferenceSchemas#CUSTOMERS_SCHEMA}) with event time {@code updated_at}. Small (customers x ~1.1)
     * and computed once per generator, so {@link #event} can serve it by slot like the other datasets.
     */
    public synchronized List<Customer> customerVersions() {
        if (customerVersions == null) {
            List<Customer> all = new ArrayList<>();
            IntStream.range(0, customers.count()).forEach(n -> all.addAll(customers.history(n)));
            all.sort(Comparator.comparing(Customer::updatedAt).thenComparing(Customer::customerId));
            customerVersions = List.copyOf(all);
        }
        return customerVersions;
    }

    private static String customerJson(Customer c) {
        return JsonText.object(
                new String[] {"customer_id", "name", "email", "segment", "country", "updated_at"},
                new String[] {
                    JsonText.string(c.customerId()), JsonText.string(c.name()), JsonText.string(c.email()),
                    JsonText.string(c.segment()), JsonText.string(c.country()),
                    JsonText.string(JsonText.isoMillis(c.updatedAt().toEpochMilli()))
                });
    }

    /** The version of a customer valid at {@code t} (the latest with updatedAt <= t; else the first). */
    public Customer customerAt(String customerId, Instant t) {
        return customers.at(customers.indexOf(customerId), checkNotNull(t, "t"));
    }

    public String customerName(String customerId) {
        return byId(customerId).name();
    }

    public String customerEmail(String customerId) {
        return byId(customerId).email();
    }

    public String customerPhone(String customerId) {
        return byId(customerId).phone();
    }

    public String customerAddress(String customerId) {
        return byId(customerId).shippingAddress();
    }

    public String customerCardNumber(String customerId) {
        return byId(customerId).cardNumber();
    }

    /** Every clear PII value the data can carry (names, emails, phones, addresses, card numbers). */
    public List<String> clearPiiValues() {
        List<String> values = new ArrayList<>(customers.count() * 5);
        for (int n = 0; n < customers.count(); n++) {
            Customer c = customers.customer(n);
            values.add(c.name());
            values.add(c.email());
            values.add(c.phone());
            values.add(c.shippingAddress());
            values.add(c.cardNumber());
        }
        return values;
    }

    private Customer byId(String customerId) {
        return customers.customer(customers.indexOf(customerId));
    }

    private EventStream stream(String dataset) {
        return datasetIndex(dataset) == 0 ? orders : payments;
    }

    /** 0 for orders, 1 for payments. */
    static int datasetIndex(String dataset) {
        if (ReferenceSchemas.ORDERS.equals(dataset)) {
            return 0;
        }
        checkArgument(ReferenceSchemas.PAYMENTS.equals(dataset),
                "unknown dataset '%s': the generator makes '%s' and '%s'", dataset,
                ReferenceSchemas.ORDERS, ReferenceSchemas.PAYMENTS);
        return 1;
    }
}
