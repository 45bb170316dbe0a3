package org.citykpi.ingest;

import org.citykpi.common.CityKpiException;
import org.citykpi.contract.SourceContract;

/** Chooses the reader for a contract's {@code format}. */
public final class RecordFormats {
  private RecordFormats() {}

  public static RecordFormat of(SourceContract c) {
    return switch (c.format()) {
      case "csv" -> new CsvFormat(c);
      case "geojson" -> new GeoJsonFormat(c);
      case "wide_csv" -> new WideCsvFormat(c);
      case "nbs_matrix" -> new NbsMatrixFormat(c);
      default ->
          throw new CityKpiException(
              "Contract "
                  + c.source()
                  + ": unknown format '"
                  + c.format()
                  + "' (known: csv, geojson, wide_csv, nbs_matrix)");
    };
  }
}
