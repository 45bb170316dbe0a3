package org.citykpi.ops;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.citykpi.common.CityKpiException;

/**
 * What a stage last read of each source's landing files for an interval ({@code ops.source_files}),
 * so that a run can skip a source whose files did not change (monthly sources in a daily run, a day
 * run twice) unless asked to {@code --force} (docs/decisions/0007).
 */
public final class SourceFiles {
  public static final String TABLE = "ops.source_files";

  private SourceFiles() {}

  /** A landing file as the fingerprint sees it: its name below the landing folder, size, mtime. */
  public record Fact(String file, long size, long modified) {}

  /**
   * SHA-256 over {@code salt} (what else decides the result: the schemas), the interval and each
   * file's name, size and modification time, in name order (so the listing's order does not
   * matter). Null for a null file list: nothing read, nothing to compare.
   */
  public static String fingerprint(String salt, Interval eff, List<Fact> files) {
    if (files == null) {
      return null;
    }
    MessageDigest d = sha256();
    d.update((salt == null ? "" : salt).getBytes(StandardCharsets.UTF_8));
    d.update(("\n" + eff + "\n").getBytes(StandardCharsets.UTF_8));
    files.stream()
        .sorted(Comparator.comparing(Fact::file))
        .forEach(
            f ->
                d.update(
                    (f.file() + "\t" + f.size() + "\t" + f.modified() + "\n")
                        .getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(d.digest());
  }

  /**
   * SHA-256 of every file under {@code schemas} (contracts, table declarations, reference data), by
   * relative name: a change to a rule makes every source's fingerprint differ.
   */
  public static String schemasHash(Path schemas) {
    MessageDigest d = sha256();
    try (Stream<Path> files = Files.walk(schemas)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        d.update(schemas.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
        d.update(Files.readAllBytes(f));
      }
    } catch (IOException e) {
      throw new CityKpiException("Cannot read " + schemas + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether a source can be skipped: never when forced or never recorded; else equal prints. */
  public static boolean unchanged(boolean force, String recorded, String current) {
    return !force && recorded != null && recorded.equals(current);
  }

  /**
   * One stage's view: the fingerprints recorded for the intervals this run covers (read once, at
   * the stage's start), and the new ones, written in one commit after the stage's steps.
   */
  public static final class Stage {
    private final String stage;
    private final boolean force;
    private final Map<String, String> recorded;
    private final Map<String, Row> fresh = new LinkedHashMap<>();

    Stage(String stage, boolean force, Map<String, String> recorded) {
      this.stage = stage;
      this.force = force;
      this.recorded = recorded;
    }

    /**
     * Reads the fingerprints {@code stage} recorded for the run's interval and for the months it
     * covers (the intervals of daily and monthly sources); none when {@code force}.
     */
    public static Stage load(RunContext ctx, String stage, boolean force) {
      Map<String, String> recorded = new LinkedHashMap<>();
      if (!force && ctx.tables().exists(ctx.spark(), TABLE)) {
        Interval day = ctx.interval();
        Interval month = day.months();
        ctx.tables()
            .read(ctx.spark(), TABLE)
            .where(
                col("interval_from")
                    .isin(Date.valueOf(day.from()), Date.valueOf(month.from()))
                    .and(col("stage").equalTo(stage)))
            .select("source", "interval_from", "interval_to", "fingerprint")
            .collectAsList()
            .forEach(
                r ->
                    recorded.put(
                        key(
                            r.getString(0),
                            new Interval(r.getDate(1).toLocalDate(), r.getDate(2).toLocalDate())),
                        r.getString(3)));
      }
      return new Stage(stage, force, recorded);
    }

    private static String key(String source, Interval eff) {
      return source + "|" + eff;
    }

    /** The fingerprint recorded for the source over {@code eff}, or null. */
    public String recorded(String source, Interval eff) {
      return recorded.get(key(source, eff));
    }

    /** True when the source's files for {@code eff} are those recorded, and not forced. */
    public boolean unchanged(String source, Interval eff, String fingerprint) {
      return SourceFiles.unchanged(force, recorded(source, eff), fingerprint);
    }

    /** Records what a step of this stage read (written by {@link #commit}). */
    public synchronized void record(
        RunContext ctx, String source, Interval eff, String fingerprint, long files, long bytes) {
      fresh.put(
          key(source, eff),
          RowFactory.create(
              source,
              stage,
              Date.valueOf(eff.from()),
              Date.valueOf(eff.to()),
              fingerprint,
              files,
              bytes,
              ctx.runId(),
              Timestamp.from(ctx.startedAt())));
    }

    /** Replaces the recorded rows in one commit; -1 when nothing was recorded. */
    public synchronized long commit(RunContext ctx) {
      if (fresh.isEmpty()) {
        return -1;
      }
      String where = replaced(stage, fresh.values());
      long v =
          ctx.tables()
              .replace(
                  ctx.spark(),
                  TABLE,
                  ctx.spark()
                      .createDataFrame(
                          List.copyOf(fresh.values()), ctx.tables().spec(TABLE).schema()),
                  where);
      fresh.clear();
      return v;
    }

    /**
     * The rows a stage's commit replaces: for each recorded source, its records inside the span of
     * the intervals recorded for it (a superset of the recorded keys: a backfill records each day
     * of its interval, thousands of keys, and an IN list of them made the replace cost 25 s). Per
     * source, because a monthly source's month would otherwise widen a daily source's span to the
     * month. A record dropped that this run did not write (another run's interval inside the span)
     * only means that interval is read again once; a skip still needs a recorded print equal to the
     * current one.
     */
    static String replaced(String stage, Collection<Row> recorded) {
      Map<String, LocalDate[]> spans = new TreeMap<>();
      for (Row r : recorded) {
        LocalDate f = r.getDate(2).toLocalDate();
        LocalDate t = r.getDate(3).toLocalDate();
        spans.merge(
            r.getString(0),
            new LocalDate[] {f, t},
            (x, y) ->
                new LocalDate[] {
                  x[0].isBefore(y[0]) ? x[0] : y[0], x[1].isAfter(y[1]) ? x[1] : y[1]
                });
      }
      List<String> terms = new ArrayList<>();
      spans.forEach(
          (source, span) ->
              terms.add(
                  "(source = '"
                      + source
                      + "' AND interval_from >= DATE'"
                      + span[0]
                      + "' AND interval_to <= DATE'"
                      + span[1]
                      + "')"));
      return "stage = '" + stage + "' AND (" + String.join(" OR ", terms) + ")";
    }
  }
}
