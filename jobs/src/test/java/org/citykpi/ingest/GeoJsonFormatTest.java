package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.Row;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.junit.jupiter.api.Test;

/** The GeoJSON reader with the real china_cnemc_station_snapshot contract; no Spark. */
class GeoJsonFormatTest {
  static final SourceContract CNEMC =
      Contracts.load(Paths.get("schemas")).get("china_cnemc_station_snapshot");
  static final String FILE = "environment/china_cnemc_station_snapshot/airnow.json";

  static List<Row> read(String json) {
    return new GeoJsonFormat(CNEMC).records(FILE, json.getBytes(StandardCharsets.UTF_8));
  }

  static String feature(String code, String area, String o3, String o3h24) {
    return "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[114.3,30.6]},"
        + "\"properties\":{\"stationcode\":\""
        + code
        + "\",\"area\":\""
        + area
        + "\",\"timepoint\":"
        + "\"2018-02-20T07:00:00\",\"pm2_5\":\"35\",\"pm10\":\"-;\",\"o3\":\""
        + o3
        + "\",\"o3_24h\":\""
        + o3h24
        + "\",\"aqi\":\"50\",\"quality\":\"\\u4f18\"}}";
  }

  @Test
  void oneRecordPerFeatureNumberedFromOneWithEscapesDecodedAndFieldsInContractOrder() {
    List<Row> r =
        read(
            "{\"type\":\"FeatureCollection\",\"features\":["
                + feature("1001A", "\\u6b66\\u6c49\\u5e02", "84", "62")
                + ","
                + feature("1002A", "-;", "10", "9")
                + "]}");
    assertThat(CsvFormatTest.summary(r)).extracting(s -> s.get(0)).containsExactly(1L, 2L);
    List<String> f = CsvFormatTest.fields(r.get(0));
    int o3 = CNEMC.columns().indexOf(CNEMC.column("o3_ugm3").orElseThrow());
    assertThat(f.get(0)).isEqualTo("1001A");
    assertThat(f.get(1)).as("area, \\u-escaped in the file").isEqualTo("武汉市");
    assertThat(f.get(o3)).as("o3_ugm3 comes from the feed's o3_24h (swapped pair)").isEqualTo("62");
    assertThat(CsvFormatTest.fields(r.get(1)).get(1))
        .as("null marker kept as text for validation")
        .isEqualTo("-;");
  }

  @Test
  void aFeatureWithoutPropertiesIsARecordWithAParseError() {
    List<Row> r = read("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\"}]}");
    assertThat(CsvFormatTest.summary(r))
        .containsExactly(CsvFormatTest.rec(1, null, "feature has no properties"));
  }

  @Test
  void anEmptyCollectionHasNoRecords() {
    assertThat(read("{\"type\":\"FeatureCollection\",\"features\":[]}")).isEmpty();
  }

  @Test
  void aFileThatIsNotAFeatureCollectionFailsNamingIt() {
    assertThatThrownBy(() -> read("{\"type\":\"FeatureCollection\",\"features\":["))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(FILE)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> read("[1,2]"))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(FILE)
        .hasMessageContaining("FeatureCollection");
  }
}
