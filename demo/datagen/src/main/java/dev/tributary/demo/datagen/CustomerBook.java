package dev.tributary.demo.datagen;

import org.apache.flink.annotation.Internal;

import javax.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.apache.flink.util.Preconditions.checkArgument;

/**
 * Customers and their scripted history, each computed from (seed, customer number) alone. PII
 * values embed the customer number, which makes them unique and easy to find in a lake scan.
 */
@Internal
final class CustomerBook {
    static final String[] SEGMENTS = {"consumer", "smb", "enterprise"};
    static final String[] COUNTRIES = {"GB", "DE", "FR", "NL", "US"};
    private static final String[] FIRST = {
        "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Dennis", "Frances", "John",
        "Radia", "Ken", "Shafi", "Tim", "Hedy", "Linus", "Katherine", "Niklaus", "Sophie", "Claude"
    };
    private static final String[] LAST = {
        "King", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Ritchie", "Allen",
        "McCarthy", "Perlman", "Thompson", "Goldwasser", "Berners", "Lamarr", "Torvalds", "Johnson",
        "Wirth", "Wilson", "Shannon"
    };
    private static final String[] STREETS = {
        "Baker Street", "Elm Road", "Mill Lane", "Church Street", "Station Road", "Park Avenue",
        "Harbour Way", "Orchard Close", "Queen Street", "Victoria Road"
    };
    private static final String[] CITIES = {
        "London", "Berlin", "Paris", "Amsterdam", "New York", "Leeds", "Munich", "Lyon", "Utrecht", "Boston"
    };

    private static final int CACHE_LIMIT = 200_000;

    private final long key;
    private final int count;
    private final double changeRate;
    private final Instant initialAt;
    private final long spanStartMs;
    private final long spanMs;
    @Nullable private final Customer[] cache;

    CustomerBook(GeneratorConfig config) {
        this.key = SlotRandom.streamKey(config.seed(), 7, SlotRandom.CUSTOMER);
        this.count = config.customers();
        this.changeRate = config.customerChangeRate();
        this.initialAt = config.start().minus(Duration.ofDays(1));
        this.spanStartMs = config.start().toEpochMilli();
        this.spanMs = Math.max(1, config.orders() * config.orderGap().toMillis());
        this.cache = count <= CACHE_LIMIT ? new Customer[count] : null;
    }

    int count() {
        return count;
    }

    static String customerId(int n) {
        return "C-" + JsonText.pad(n, 8);
    }

    /** The customer number of an id made by {@link #customerId(int)}. */
    int indexOf(String customerId) {
        checkArgument(customerId != null && customerId.startsWith("C-") && customerId.length() == 10,
                "not a generated customer id: %s", customerId);
        int n = Integer.parseInt(customerId.substring(2));
        checkArgument(n >= 0 && n < count, "customer %s is not among the %s customers", customerId, count);
        return n;
    }

    /** The initial version of customer {@code n}; cached for small books (orders look it up often). */
    Customer customer(int n) {
        checkArgument(n >= 0 && n < count, "customer number %s not in [0, %s)", n, count);
        if (cache == null) {
            return initial(n, SlotRandom.random(key, n));
        }
        Customer c = cache[n]; // benign race: Customer is immutable with final fields
        if (c == null) {
            c = initial(n, SlotRandom.random(key, n));
            cache[n] = c;
        }
        return c;
    }

    private Customer initial(int n, SplittableRandom r) {
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        String street = STREETS[r.nextInt(STREETS.length)];
        String city = CITIES[r.nextInt(CITIES.length)];
        double s = r.nextDouble();
        String segment = s < 0.7 ? SEGMENTS[0] : s < 0.92 ? SEGMENTS[1] : SEGMENTS[2];
        String country = COUNTRIES[r.nextInt(COUNTRIES.length)];
        return new Customer(n, customerId(n), first + " " + last,
                first.toLowerCase() + "." + Character.toLowerCase(last.charAt(0)) + n + "@example.com",
                phone(n), (n + 1) + " " + street + ", " + city, card(n), segment, country, initialAt);
    }

    /** Every version of customer {@code n}, oldest first; all but the first are scripted changes. */
    List<Customer> history(int n) {
        checkArgument(n >= 0 && n < count, "customer number %s not in [0, %s)", n, count);
        SplittableRandom r = SlotRandom.random(key, n);
        Customer c = initial(n, r);
        List<Customer> versions = new ArrayList<>(3);
        versions.add(c);
        if (r.nextDouble() < changeRate) {
            int changes = 1 + r.nextInt(2);
            long[] at = new long[changes];
            for (int k = 0; k < changes; k++) {
                at[k] = spanStartMs + r.nextLong(spanMs);
            }
            Arrays.sort(at);
            for (int k = 0; k < changes; k++) {
                Customer prev = versions.get(versions.size() - 1);
                int what = r.nextInt(10); // 0-4 segment, 5-7 country, 8-9 both
                String seg = what < 5 || what >= 8 ? other(SEGMENTS, prev.segment(), r) : prev.segment();
                String ctry = what >= 5 ? other(COUNTRIES, prev.country(), r) : prev.country();
                // Distinct instants keep "the version valid at t" unambiguous.
                long when = k > 0 && at[k] <= at[k - 1] ? at[k - 1] + 1 : at[k];
                at[k] = when;
                versions.add(prev.withChange(seg, ctry, Instant.ofEpochMilli(when)));
            }
        }
        return versions;
    }

    /** The version of customer {@code n} valid at {@code t} (latest with updatedAt <= t). */
    Customer at(int n, Instant t) {
        List<Customer> h = history(n);
        Customer valid = h.get(0);
        for (Customer c : h) {
            if (!c.updatedAt().isAfter(t)) {
                valid = c;
            }
        }
        return valid;
    }

    private static String other(String[] values, String current, SplittableRandom r) {
        String v;
        do {
            v = values[r.nextInt(values.length)];
        } while (v.equals(current));
        return v;
    }

    /** {@code +44 7700 900123} style (Ofcom drama range for small n), unique below 99 100 000. */
    static String phone(int n) {
        long v = 900_000L + n;
        return "+44 77" + JsonText.pad(v / 1_000_000, 2) + " " + JsonText.pad(v % 1_000_000, 6);
    }

    /** 16 digits starting with 4539, Luhn-valid, unique per customer. */
    static String card(int n) {
        long body = (n * 7_919L + 31_337L) % 100_000_000_000L; // bijective on n < 10^11
        String digits15 = "4539" + JsonText.pad(body, 11);
        return digits15 + luhnCheckDigit(digits15);
    }

    static int luhnCheckDigit(String digits) {
        int sum = 0;
        boolean dbl = true; // the check digit will be appended at the right
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return (10 - sum % 10) % 10;
    }

    /** Account currency, from the customer's initial country. */
    static String currency(String country) {
        switch (country) {
            case "GB":
                return "GBP";
            case "US":
                return "USD";
            default:
                return "EUR";
        }
    }
}
