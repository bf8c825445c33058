/**
 * SCD2 history from a change stream ({@code silver/customers_history} in the reference pipeline).
 *
 * <p>Lake representation (append-only Parquet, nothing rewritten):
 *
 * <pre>
 *   silver/&lt;table&gt;/valid_from_date=.../        closed versions, final: valid_to set, is_deleted if ended by a delete
 *   silver/&lt;table&gt;_open/valid_from_date=.../   every version once, as it opened: valid_to null
 *   silver/_late/&lt;dataset&gt;/                    changes behind the watermark (not applied)
 * </pre>
 *
 * One row per version = all closed rows + open rows without a closed row of the same version ({@link
 * dev.tributary.jobs.silver.scd2.Scd2Versions}). Versions are applied per key in event time
 * ((commit time, LSN) order) by {@link dev.tributary.jobs.silver.scd2.Scd2Function}, so STREAMING (from the
 * bronze stream) and BATCH (from bronze Parquet, {@link dev.tributary.jobs.silver.scd2.Scd2Job#buildFromBronze})
 * land the same rows for every change the watermark has passed.
 */
package dev.tributary.jobs.silver.scd2;
