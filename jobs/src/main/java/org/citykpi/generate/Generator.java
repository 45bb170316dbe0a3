package org.citykpi.generate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic landing zone {@code <out>/<domain>/<source>/<file>} for the configured cities
 * and dates. Every block of rows (one city, one day or month) draws from its own stream keyed by
 * (seed, source, city, unit) and its dirt from (seed, "dirt", source, city, unit), and cities are
 * written in code order, so the same configuration always produces the same bytes. Existing files
 * of the same names are overwritten; other files in {@code out} are left alone.
 */
public final class Generator {

  /** Feeds written as {@code .csv.gz} because of their volume. */
  static final List<String> GZIPPED = List.of("road_speed", "transit_trip", "outpatient_visit");

  private final GenerateConfig config;
  private final DirtRates rates;

  public Generator(GenerateConfig config, DirtRates rates) {
    this.config = config;
    this.rates = rates;
  }

  /**
   * Resolves the configured city list against cities.yaml; unknown codes fail naming {@code
   * --cities}.
   */
  public static List<CityProfile> cities(GenerateConfig config) {
    List<CityRef> all = CityRef.loadAll(config.schemas());
    List<CityRef> chosen = new ArrayList<>();
    if (config.allPilots()) {
      all.stream().filter(CityRef::isPilot).forEach(chosen::add);
    } else {
      for (String code : config.cities()) {
        CityRef ref =
            all.stream()
                .filter(c -> c.code().equals(code))
                .findFirst()
                .orElseThrow(
                    () ->
                        new InvalidOptionException(
                            "--cities",
                            String.join(",", config.cities()),
                            "contains '"
                                + code
                                + "', which is not in "
                                + config.schemas().resolve("reference/cities.yaml")));
        chosen.add(ref);
      }
    }
    return chosen.stream()
        .sorted(Comparator.comparing(CityRef::code))
        .map(CityProfile::of)
        .toList();
  }

  /** Generates every source and returns one summary per source, in a fixed order. */
  public List<SourceSummary> run() {
    List<CityProfile> cities = cities(config);
    DeliveryPlan plan = new DeliveryPlan(config);
    long seed = config.seed();
    int scale = config.scale();
    List<SourceSummary> out = new ArrayList<>();
    List<Feed<LocalDate>> daily =
        List.of(
            new AirStationFeed(seed, scale),
            new RoadSpeedFeed(seed, scale),
            new TransitTripFeed(seed, scale),
            new OutpatientVisitFeed(seed, scale));
    for (Feed<LocalDate> feed : daily) {
      List<String> notes = new ArrayList<>();
      if (feed.source().equals(DeliveryPlan.LATE_SOURCE)) {
        notes.add("late file " + plan.lateFileName() + " holds " + plan.lateDay());
      }
      if (feed.source().equals(DeliveryPlan.GBK_SOURCE)) {
        notes.add("GB18030 file " + plan.gbkDay() + ".csv");
      }
      out.add(
          write(feed, plan.daily(feed.source(), GZIPPED.contains(feed.source())), cities, notes));
    }
    out.add(write(new VehicleRegistryFeed(seed, scale), plan.monthly(), cities, List.of()));
    List<Indicator> indicators = Indicator.loadAll(config.schemas());
    out.add(write(new CityMonthlyStatsFeed(seed, indicators), plan.yearly(), cities, List.of()));
    return out;
  }

  private <U> SourceSummary write(
      Feed<U> feed,
      Map<DeliveryPlan.FileSpec, List<U>> files,
      List<CityProfile> cities,
      List<String> notes) {
    SourceContract contract = SourceContract.load(config.schemas(), feed.source());
    if (!contract.names().equals(feed.columns())) {
      throw new IllegalStateException(
          "contract "
              + feed.source()
              + " declares columns "
              + contract.names()
              + " but the generator writes "
              + feed.columns());
    }
    DirtInjector injector = new DirtInjector(contract, rates);
    DirtCounts counts = new DirtCounts();
    Path dir = config.out().resolve(contract.domain()).resolve(contract.source());
    String header = Csv.line(contract.headers().toArray(String[]::new));
    try {
      Files.createDirectories(dir);
      for (Map.Entry<DeliveryPlan.FileSpec, List<U>> file : files.entrySet()) {
        DeliveryPlan.FileSpec spec = file.getKey();
        try (Writer w = open(dir.resolve(spec.name()), spec)) {
          w.write(header);
          w.write('\n');
          for (U unit : file.getValue()) {
            for (CityProfile city : cities) {
              SplittableRandom rng = Seeds.rng(config.seed(), feed.source(), city.code(), unit);
              SplittableRandom dirt =
                  Seeds.rng(config.seed(), "dirt", feed.source(), city.code(), unit);
              for (String[] row : feed.rows(city, unit, rng)) {
                injector.emit(row, dirt, l -> writeLine(w, l), counts);
              }
            }
          }
        }
        counts.files++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir, e);
    }
    return new SourceSummary(contract.source(), contract.domain(), counts, notes);
  }

  private static void writeLine(Writer w, String line) {
    try {
      w.write(line);
      w.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens a file for text; gzip headers from GZIPOutputStream carry mtime 0, so compressed bytes
   * are stable.
   */
  private static Writer open(Path file, DeliveryPlan.FileSpec spec) throws IOException {
    OutputStream os = Files.newOutputStream(file);
    if (spec.gzip()) {
      os = new GZIPOutputStream(os, 1 << 16);
    }
    return new BufferedWriter(new OutputStreamWriter(os, spec.charset().newEncoder()), 1 << 16);
  }
}
