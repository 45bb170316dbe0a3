package org.citykpi.report;

import java.time.LocalDate;
import org.apache.spark.sql.Row;

/** One row of {@code kpi.observation}: a KPI's value for a city, province or programme. */
public record ObsRow(
    String kpiId,
    String periodType,
    String period,
    LocalDate periodStart,
    String geoLevel,
    String geoCode,
    Double value,
    Double numerator,
    Double denominator,
    String unit,
    int cities,
    int unitsExpected,
    int unitsWithData,
    LocalDate lastDataDate,
    String status) {

  public static final String TABLE = "kpi.observation";

  static ObsRow of(Row r) {
    Integer cities = Cells.integer(r, "cities");
    Integer expected = Cells.integer(r, "units_expected");
    Integer withData = Cells.integer(r, "units_with_data");
    return new ObsRow(
        Cells.str(r, "kpi_id"),
        Cells.str(r, "period_type"),
        Cells.str(r, "period"),
        Cells.date(r, "period_start"),
        Cells.str(r, "geo_level"),
        Cells.str(r, "geo_code"),
        Cells.dbl(r, "value"),
        Cells.dbl(r, "numerator"),
        Cells.dbl(r, "denominator"),
        Cells.str(r, "unit"),
        cities == null ? 0 : cities,
        expected == null ? 0 : expected,
        withData == null ? 0 : withData,
        Cells.date(r, "last_data_date"),
        Cells.str(r, "status"));
  }

  /** Months since year 0 of the period start: the x of monthly trend charts. */
  public int monthIndex() {
    return Charts.monthIndex(periodStart);
  }

  public boolean provisional() {
    return "provisional".equals(status);
  }
}
