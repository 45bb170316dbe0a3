package org.citykpi.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The package graph of org.citykpi has no cycles: platform packages (contract, ingest, clean,
 * conform, ops...) never import a domain package, domains never import a stage, and the stages see
 * the domains only through org.citykpi.domain's registry.
 */
class ArchitectureTest {
  static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.citykpi");

  @Test
  void packagesAreFreeOfCycles() {
    assertThat(MAIN.size()).as("classes imported").isGreaterThan(100);

    slices().matching("org.citykpi.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  /** The rule is not vacuous: the deliberate cycle of the test package arch.cycle is reported. */
  @Test
  void aCycleIsReported() {
    JavaClasses fixture = new ClassFileImporter().importPackages("org.citykpi.arch.cycle");

    EvaluationResult r =
        slices()
            .matching("org.citykpi.arch.cycle.(*)..")
            .should()
            .beFreeOfCycles()
            .evaluate(fixture);

    assertThat(r.hasViolation()).isTrue();
    assertThat(r.getFailureReport().toString()).contains("cycle.a", "cycle.b");
  }
}
