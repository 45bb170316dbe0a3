package org.citykpi.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citykpi.clean.SilverPlan;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.citykpi.domain.Domains;
import org.citykpi.domain.Entity;
import org.citykpi.domain.Fact;
import org.citykpi.ingest.RecordFormats;
import org.citykpi.kpi.Catalog;
import org.citykpi.kpi.Programmes;
import org.citykpi.ops.TableSpec;
import org.citykpi.ops.Tables;

/**
 * Everything in {@code schemas/} that can be checked without Spark, checked before a command starts
 * its session: contracts (keys, types, formats, zones, look-ups, SQL rules, entities), their
 * readers' options, each contract against its silver declaration and domain (no personal column in
 * clear), the domains' entities and facts against the declarations, and the KPI catalog. A failure
 * names the file and the key, and nothing has been written.
 */
public final class Preflight {
  private Preflight() {}

  /** Checks {@code schemas/}; returns its source contracts, loaded once for the checks. */
  public static Map<String, SourceContract> check(Path schemas) {
    Map<String, SourceContract> contracts = Contracts.load(schemas);
    Tables tables = Tables.load("preflight", schemas, contracts);
    Domains domains = Domains.all();
    for (SourceContract c : contracts.values()) {
      try {
        RecordFormats.of(c);
      } catch (CityKpiException e) {
        throw new CityKpiException(
            "Invalid contract "
                + schemas.resolve("sources").resolve(c.source() + ".yaml")
                + ": "
                + e.getMessage(),
            e);
      }
      SilverPlan.of(c, tables, domains, schemas);
    }
    checkDomains(domains, tables, schemas);
    Catalog.load(schemas, tables.specs(), Programmes.load(schemas));
    return contracts;
  }

  /** Every silver table belongs to a domain's entity and back; every fact's tables are declared. */
  static void checkDomains(Domains domains, Tables tables, Path schemas) {
    List<String> problems = new ArrayList<>();
    for (TableSpec s : tables.specs().values()) {
      if (s.layer().equals("silver") && domains.entity(s.name()) == null) {
        problems.add(
            schemas.resolve("tables/silver/" + s.name() + ".yaml")
                + ": no domain declares entity "
                + s.name());
      }
    }
    for (Entity e : domains.entities().values()) {
      if (!tables.specs().containsKey("silver." + e.name())) {
        problems.add(
            "domain "
                + domains.owner(e.name()).name()
                + " declares entity "
                + e.name()
                + " without "
                + schemas.resolve("tables/silver/" + e.name() + ".yaml"));
      }
    }
    for (Fact f : domains.facts()) {
      List<String> named = new ArrayList<>(f.inputs());
      named.add(f.table());
      for (String t : named) {
        if (!tables.specs().containsKey(t)) {
          problems.add("fact " + f.table() + " names undeclared table " + t);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new CityKpiException(String.join("; ", problems));
    }
  }
}
