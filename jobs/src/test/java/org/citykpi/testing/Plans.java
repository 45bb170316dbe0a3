package org.citykpi.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.citykpi.clean.Pseudonymizer;
import org.citykpi.clean.SilverPlan;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.citykpi.domain.Domains;
import org.citykpi.ops.Tables;

/** The repository's contracts and declarations, for unit tests of the bronze → silver plan. */
public final class Plans {
  public static final Path SCHEMAS = Paths.get("schemas");
  public static final Map<String, SourceContract> CONTRACTS = Contracts.load(SCHEMAS);
  public static final Tables TABLES = Tables.load("unused", SCHEMAS, CONTRACTS);
  public static final Pseudonymizer KEY =
      new Pseudonymizer("test-key-of-the-unit-tests".getBytes(StandardCharsets.UTF_8), false);

  private Plans() {}

  /** The plan of a repository contract. */
  public static SilverPlan plan(String source) {
    return SilverPlan.of(CONTRACTS.get(source), TABLES, Domains.all(), SCHEMAS);
  }
}
