package dev.tributary.benchmarks;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Reference (a): the same ladder written directly in Flink SQL, without the library: the json format over the
 * same JSON-lines files, NOT NULL checks and the rules as predicates, an HMAC UDF plus SQL masking, ROW_NUMBER
 * de-duplication, an interval join and an event-time temporal join, window TVFs, filesystem Parquet sinks.
 *
 * <p>Differences that favour SQL (it does less): malformed records are skipped by {@code json.ignore-parse-errors}
 * instead of quarantined with their payload; late records are dropped instead of routed to {@code _late}; the
 * proctime ROW_NUMBER de-duplication keeps state per key forever (no retention); silver rows are order x payment
 * pairs (the library folds payments into one row per order).
 */
final class SqlReference {

    private SqlReference() {}

    static final String ORDERS_COLS = "order_id STRING, customer_id STRING, order_ts TIMESTAMP_LTZ(3), amount DECIMAL(12, 2),"
            + " currency STRING, status STRING, email STRING, phone STRING, shipping_address STRING";
    static final String PAYMENTS_COLS = "payment_id STRING, order_id STRING, payment_ts TIMESTAMP_LTZ(3), amount DECIMAL(12, 2),"
            + " `method` STRING, status STRING, card_number STRING";

    static void build(StreamExecutionEnvironment env, int level, Path data, Path lake) {
        StreamTableEnvironment t = StreamTableEnvironment.create(env);
        t.getConfig().set("table.local-time-zone", "UTC");
        t.createTemporarySystemFunction("HMAC_TOKEN", Hmac.class);
        if (level == 0) {
            for (String ds : new String[] {"orders", "payments"}) {
                t.executeSql("CREATE TABLE " + ds + "_raw (line STRING) WITH ('connector' = 'filesystem', 'path' = '"
                        + uri(BenchData.dataset(data, ds)) + "', 'format' = 'raw')");
                count(t, "SELECT line FROM " + ds + "_raw", "sql." + ds + ".rows");
            }
            return;
        }
        source(t, "orders", ORDERS_COLS, "order_ts", data);
        source(t, "payments", PAYMENTS_COLS, "payment_ts", data);
        // L1: parse + required columns present.
        t.executeSql("CREATE VIEW orders_parsed AS SELECT * FROM orders_src WHERE order_id IS NOT NULL AND customer_id IS NOT NULL"
                + " AND order_ts IS NOT NULL AND amount IS NOT NULL AND currency IS NOT NULL");
        t.executeSql("CREATE VIEW payments_parsed AS SELECT * FROM payments_src WHERE payment_id IS NOT NULL AND order_id IS NOT NULL"
                + " AND payment_ts IS NOT NULL AND amount IS NOT NULL AND `method` IS NOT NULL AND status IS NOT NULL");
        if (level == 1) {
            count(t, "SELECT * FROM orders_parsed", "sql.orders.rows");
            count(t, "SELECT * FROM payments_parsed", "sql.payments.rows");
            return;
        }
        // L2: rules (WARN: evaluated, kept) and PII, plus the bronze metadata columns.
        t.executeSql("CREATE VIEW orders_clean AS SELECT order_id, customer_id, order_ts, amount, currency, status,"
                + " HMAC_TOKEN(email) AS email, CASE WHEN phone IS NULL THEN NULL ELSE CONCAT('*****', RIGHT(phone, 4)) END AS phone,"
                + " CASE WHEN shipping_address IS NULL THEN NULL ELSE '[redacted]' END AS shipping_address,"
                + " 'orders' AS _source, CAST(NULL AS INT) AS _source_partition, CAST(NULL AS BIGINT) AS _source_offset,"
                + " CAST(NULL AS STRING) AS _source_file, CURRENT_TIMESTAMP AS _ingested_at,"
                + " (amount > 0 AND currency IN ('EUR', 'USD', 'GBP', 'CHF', 'SEK', 'PLN')) AS _rules_ok, proc, rt"
                + " FROM orders_parsed");
        t.executeSql("CREATE VIEW payments_clean AS SELECT payment_id, order_id, payment_ts, amount, `method`, status,"
                + " CASE WHEN card_number IS NULL THEN NULL ELSE CONCAT('************', RIGHT(card_number, 4)) END AS card_number,"
                + " 'payments' AS _source, CAST(NULL AS INT) AS _source_partition, CAST(NULL AS BIGINT) AS _source_offset,"
                + " CAST(NULL AS STRING) AS _source_file, CURRENT_TIMESTAMP AS _ingested_at, (amount > 0) AS _rules_ok, proc, rt"
                + " FROM payments_parsed");
        if (level == 2) {
            count(t, "SELECT * FROM orders_clean", "sql.orders.rows");
            count(t, "SELECT * FROM payments_clean", "sql.payments.rows");
            return;
        }
        String ordersBronze = "orders_clean";
        String paymentsBronze = "payments_clean";
        if (level >= 4) {
            t.executeSql("CREATE VIEW orders_dedup AS SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id"
                    + " ORDER BY proc ASC) AS rn FROM orders_clean) WHERE rn = 1");
            t.executeSql("CREATE VIEW payments_dedup AS SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY payment_id"
                    + " ORDER BY proc ASC) AS rn FROM payments_clean) WHERE rn = 1");
            ordersBronze = "orders_dedup";
            paymentsBronze = "payments_dedup";
        }
        StreamStatementSet set = t.createStatementSet();
        sink(t, "bronze_orders", lake.resolve("bronze/orders"), "order_id STRING, customer_id STRING, order_ts TIMESTAMP_LTZ(3),"
                + " amount DECIMAL(12, 2), currency STRING, status STRING, email STRING, phone STRING, shipping_address STRING,"
                + " _source STRING, _source_partition INT, _source_offset BIGINT, _source_file STRING, _ingested_at TIMESTAMP_LTZ(3),"
                + " event_date STRING", "event_date");
        sink(t, "bronze_payments", lake.resolve("bronze/payments"), "payment_id STRING, order_id STRING, payment_ts TIMESTAMP_LTZ(3),"
                + " amount DECIMAL(12, 2), `method` STRING, status STRING, card_number STRING,"
                + " _source STRING, _source_partition INT, _source_offset BIGINT, _source_file STRING, _ingested_at TIMESTAMP_LTZ(3),"
                + " event_date STRING", "event_date");
        set.addInsertSql("INSERT INTO bronze_orders SELECT order_id, customer_id, order_ts, amount, currency, status, email, phone,"
                + " shipping_address, _source, _source_partition, _source_offset, _source_file, _ingested_at,"
                + " DATE_FORMAT(order_ts, 'yyyy-MM-dd') FROM " + ordersBronze);
        set.addInsertSql("INSERT INTO bronze_payments SELECT payment_id, order_id, payment_ts, amount, `method`, status, card_number,"
                + " _source, _source_partition, _source_offset, _source_file, _ingested_at,"
                + " DATE_FORMAT(payment_ts, 'yyyy-MM-dd') FROM " + paymentsBronze);
        if (level >= 5) {
            t.executeSql("CREATE TABLE customers_src (customer_id STRING, name STRING, email STRING, segment STRING, country STRING,"
                    + " updated_at TIMESTAMP_LTZ(3), WATERMARK FOR updated_at AS updated_at - INTERVAL '5' SECOND) WITH ("
                    + " 'connector' = 'filesystem', 'path' = '" + uri(data.resolve(BenchData.CUSTOMERS_FILE)) + "', 'format' = 'json',"
                    + " 'json.timestamp-format.standard' = 'ISO-8601')");
            t.executeSql("CREATE VIEW customers_versioned AS SELECT customer_id, segment, country, updated_at FROM (SELECT *,"
                    + " ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY updated_at DESC) AS rn FROM customers_src) WHERE rn = 1");
            t.executeSql("CREATE VIEW order_payments AS SELECT o.order_id, o.customer_id, o.order_ts, o.rt, o.amount, p.payment_id,"
                    + " p.status AS payment_status, p.amount AS payment_amount FROM orders_dedup o LEFT JOIN payments_dedup p"
                    + " ON o.order_id = p.order_id AND p.rt BETWEEN o.rt AND o.rt + INTERVAL '"
                    + BenchData.PAYMENT_WINDOW.toMinutes() + "' MINUTE");
            t.executeSql("CREATE VIEW silver AS SELECT op.*, COALESCE(c.segment, 'unknown') AS segment,"
                    + " COALESCE(c.country, 'unknown') AS country FROM order_payments op LEFT JOIN customers_versioned"
                    + " FOR SYSTEM_TIME AS OF op.rt AS c ON op.customer_id = c.customer_id");
            sink(t, "silver_orders_enriched", lake.resolve("silver/orders_enriched"), "order_id STRING, customer_id STRING,"
                    + " order_ts TIMESTAMP_LTZ(3), amount DECIMAL(12, 2), payment_id STRING, payment_status STRING,"
                    + " payment_amount DECIMAL(12, 2), segment STRING, country STRING, order_date STRING", "order_date");
            set.addInsertSql("INSERT INTO silver_orders_enriched SELECT order_id, customer_id, order_ts, amount, payment_id,"
                    + " payment_status, payment_amount, segment, country, DATE_FORMAT(order_ts, 'yyyy-MM-dd') FROM silver");
        }
        if (level >= 6) {
            sink(t, "gold_revenue_hourly", lake.resolve("gold/revenue_hourly"), "window_start TIMESTAMP(3), window_end TIMESTAMP(3),"
                    + " segment STRING, country STRING, orders BIGINT, paid_orders BIGINT, revenue DECIMAL(38, 2), window_date STRING",
                    "window_date");
            set.addInsertSql("INSERT INTO gold_revenue_hourly SELECT window_start, window_end, segment, country,"
                    + " COUNT(DISTINCT order_id), COUNT(DISTINCT CASE WHEN payment_status = 'captured' THEN order_id END),"
                    + " SUM(CASE WHEN payment_status = 'captured' THEN payment_amount ELSE 0 END),"
                    + " DATE_FORMAT(window_start, 'yyyy-MM-dd')"
                    + " FROM TABLE(TUMBLE(TABLE silver, DESCRIPTOR(rt), INTERVAL '1' HOUR))"
                    + " GROUP BY window_start, window_end, segment, country");
            sink(t, "gold_payment_conversion_daily", lake.resolve("gold/payment_conversion_daily"), "window_start TIMESTAMP(3),"
                    + " window_end TIMESTAMP(3), orders BIGINT, paid_orders BIGINT, attempts BIGINT, failed BIGINT,"
                    + " revenue DECIMAL(38, 2), window_date STRING", "window_date");
            set.addInsertSql("INSERT INTO gold_payment_conversion_daily SELECT window_start, window_end, COUNT(DISTINCT order_id),"
                    + " COUNT(DISTINCT CASE WHEN payment_status = 'captured' THEN order_id END), COUNT(payment_id),"
                    + " SUM(CASE WHEN payment_status = 'failed' THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN payment_status = 'captured' THEN payment_amount ELSE 0 END),"
                    + " DATE_FORMAT(window_start, 'yyyy-MM-dd')"
                    + " FROM TABLE(TUMBLE(TABLE silver, DESCRIPTOR(rt), INTERVAL '1' DAY)) GROUP BY window_start, window_end");
        }
        set.attachAsDataStream();
    }

    private static void source(StreamTableEnvironment t, String ds, String cols, String ts, Path data) {
        t.executeSql("CREATE TABLE " + ds + "_src (" + cols + ", proc AS PROCTIME(), rt AS COALESCE(" + ts + ", TO_TIMESTAMP_LTZ(0, 3)),"
                + " WATERMARK FOR rt AS rt - INTERVAL '5' SECOND) WITH ('connector' = 'filesystem', 'path' = '" + uri(BenchData.dataset(data, ds))
                + "', 'format' = 'json', 'json.ignore-parse-errors' = 'true', 'json.timestamp-format.standard' = 'ISO-8601')");
    }

    private static void sink(StreamTableEnvironment t, String name, Path dir, String cols, String partition) {
        t.executeSql("CREATE TABLE " + name + " (" + cols + ") PARTITIONED BY (" + partition + ") WITH ("
                + " 'connector' = 'filesystem', 'path' = '" + uri(dir) + "', 'format' = 'parquet',"
                + " 'sink.partition-commit.policy.kind' = 'success-file')");
    }

    private static void count(StreamTableEnvironment t, String query, String accumulator) {
        t.toDataStream(t.sqlQuery(query)).process(new RowCounter(accumulator)).sinkTo(new DiscardingSink<>());
    }

    static String uri(Path p) {
        return p.toAbsolutePath().toUri().toString();
    }

    /** Keyed HMAC-SHA256 token (hex), the hand-written equivalent of the library's hash action. */
    public static final class Hmac extends ScalarFunction {
        private static final long serialVersionUID = 1L;
        private transient Mac mac;

        @Override
        public void open(FunctionContext context) throws Exception {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode("YmVuY2htYXJrLWtleS1ub3QtYS1zZWNyZXQ="), "HmacSHA256"));
        }

        public String eval(String value) {
            if (value == null) {
                return null;
            }
            byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(h.length * 2);
            for (byte b : h) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        }
    }

    /** Counts rows into an accumulator. */
    static final class RowCounter extends ProcessFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final String name;
        private transient LongCounter counter;

        RowCounter(String name) {
            this.name = name;
        }

        @Override
        public void open(OpenContext openContext) {
            counter = getRuntimeContext().getLongCounter(name);
        }

        @Override
        public void processElement(Row row, Context ctx, Collector<Row> out) {
            counter.add(1);
        }
    }
}
