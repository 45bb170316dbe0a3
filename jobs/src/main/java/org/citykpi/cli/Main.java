package org.citykpi.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the CityKPI jar: dispatches to one command class per verb. */
@Command(
    name = "citykpi",
    mixinStandardHelpOptions = true,
    version = "CityKPI 0.1.0",
    description =
        "Batch pipeline that measures smart-city pilot KPIs against their policy targets.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      StageCommands.Ingest.class,
      StageCommands.Clean.class,
      StageCommands.Conform.class,
      KpiCommand.class,
      ReportCommand.class,
      RunCommand.class,
      ReplayCommand.class,
      RekeyCommand.class,
      SqlCommand.class,
      TablesCommand.class,
      ServeCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code: 0 success, 1 job failure, 2 usage error. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          err.println("citykpi " + cmd.getCommandName() + ": " + JobCommand.message(e));
          err.flush();
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
