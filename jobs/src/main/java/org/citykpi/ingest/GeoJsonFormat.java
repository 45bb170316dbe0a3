package org.citykpi.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;

/**
 * A GeoJSON {@code FeatureCollection} (any layout: one line or pretty-printed, {@code \\uXXXX}
 * escapes): one record per feature, numbered from 1 in file order, its fields the feature's {@code
 * properties} by the contract's {@code source} names ({@code lon}, {@code lat} name the point
 * coordinates). Every value is read as text (the CNEMC feed sends numbers as strings); null markers
 * are the contract's. A feature without properties is a record with a parse error; a file that is
 * not a FeatureCollection throws naming the file.
 */
public final class GeoJsonFormat implements RecordFormat {
  private static final long serialVersionUID = 1L;
  private final List<String> encodings;
  private final Fields fields;

  public GeoJsonFormat(SourceContract c) {
    this.encodings = List.copyOf(c.encodingList());
    this.fields = new Fields(c, null);
  }

  @Override
  public List<Row> records(String file, byte[] content) {
    FileText.Decoded text = FileText.decode(file, content, encodings).requireClean(file);
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text.text());
    } catch (IOException e) {
      throw new CityKpiException(
          "File " + file + " is not valid JSON: " + e.getMessage().split("\n")[0], e);
    }
    JsonNode features = root == null ? null : root.get("features");
    if (features == null || !features.isArray()) {
      throw new CityKpiException(
          "File " + file + " is not a GeoJSON FeatureCollection (no features array)");
    }
    LocalDate fileDate = RawRecords.fileDate(file);
    List<Row> out = new ArrayList<>();
    long n = 0;
    for (JsonNode f : features) {
      n++;
      String raw = f.toString();
      JsonNode props = f.get("properties");
      if (props == null || !props.isObject()) {
        out.add(
            RawRecords.record(
                file, n, raw, text.encoding(), null, "feature has no properties", fileDate));
        continue;
      }
      Map<String, String> values = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        values.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
      }
      JsonNode xy = f.path("geometry").path("coordinates");
      if (xy.isArray() && xy.size() >= 2) {
        values.put("lon", xy.get(0).asText());
        values.put("lat", xy.get(1).asText());
      }
      out.add(RawRecords.record(file, n, raw, text.encoding(), fields.of(values), null, fileDate));
    }
    return out;
  }
}
