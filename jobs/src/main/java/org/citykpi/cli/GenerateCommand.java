package org.citykpi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.citykpi.generate.DirtRates;
import org.citykpi.generate.GenerateConfig;
import org.citykpi.generate.Generator;
import org.citykpi.generate.InvalidOptionException;
import org.citykpi.generate.SourceSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code citykpi generate}: writes a deterministic synthetic landing zone for the given cities and
 * dates.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes synthetic source files <out>/<domain>/<source>/<file> for every feed of schemas/sources:",
      "daily feeds one file per day in [--from, --to], vehicle_registry one snapshot per month and",
      "city_monthly_stats one file per year from --monthly-from, with documented dirt (nulls, out-of-range,",
      "duplicates, unknown cities, malformed lines, one GB18030 file, one late file).",
      "The same options always produce the same bytes."
    })
public final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--cities",
      required = true,
      paramLabel = "CODES|pilots",
      description =
          "Comma-separated GB/T 2260 codes of cities.yaml, or 'pilots' (every prefecture or county with a programme).")
  String cities;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "DATE",
      description = "First local date of the daily feeds (yyyy-MM-dd).")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DATE",
      description = "Last local date of the daily feeds (yyyy-MM-dd), inclusive.")
  String to;

  @Option(
      names = "--monthly-from",
      paramLabel = "MONTH",
      defaultValue = "2011-01",
      description =
          "First month of the monthly feeds (yyyy-MM; default ${DEFAULT-VALUE}, the earliest programme baseline).")
  String monthlyFrom;

  @Option(
      names = "--scale",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Multiplies stations, segments, trips, visits and fleet size (default ${DEFAULT-VALUE}).")
  int scale;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Landing directory to write into.")
  Path out;

  @Option(
      names = "--schemas",
      paramLabel = "DIR",
      defaultValue = "schemas",
      description = "Contracts and reference data (default ${DEFAULT-VALUE}).")
  Path schemas;

  @Override
  public Integer call() {
    GenerateConfig config;
    List<SourceSummary> summaries;
    try {
      config = GenerateConfig.parse(cities, from, to, monthlyFrom, scale, seed, out, schemas);
      Generator generator = new Generator(config, DirtRates.DEFAULT);
      Generator.cities(config); // validate --cities before writing anything
      summaries = generator.run();
    } catch (InvalidOptionException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), e.getMessage(), e, null, e.value());
    }
    PrintWriter w = spec.commandLine().getOut();
    for (SourceSummary s : summaries) {
      w.println(s.line());
    }
    w.flush();
    return 0;
  }
}
