package org.citykpi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the CityKPI jar: dispatches to one command class per verb. */
@Command(name = "citykpi", mixinStandardHelpOptions = true, version = "CityKPI 0.1.0",
    description = "Batch pipeline that measures smart-city pilot KPIs against their policy targets.")
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code: 0 success, 1 job failure, 2 usage error. */
  public static int execute(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
