package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.sql.Row;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.RawRecords;
import org.citykpi.contract.SourceContract;
import org.junit.jupiter.api.Test;

/**
 * The NBS export reader with the real nbs_province_annual contract (province_code ← region,
 * year_start ← year, indicator_name_zh, unit, value), on GB18030 bytes with CRLF; no Spark.
 */
class NbsMatrixFormatTest {
  static final SourceContract NBS = Contracts.load(Paths.get("schemas")).get("nbs_province_annual");
  static final String FILE = "economy/nbs_province_annual_x/分省年度数据 (1).csv";
  static final String PREAMBLE = "数据库：分省年度数据\r\n指标：地区生产总值(亿元)\r\n时间：最近2年\r\n";

  static List<Row> read(String text) {
    return new NbsMatrixFormat(NBS).records(FILE, text.getBytes(Charset.forName("GB18030")));
  }

  @Test
  void unpivotsYearColumnsKeepsEmptyCellsAndSkipsPreambleAndFootnotes() {
    List<Row> r =
        read(
            PREAMBLE
                + "地区,2025年,2024年\r\n北京市,,49670.2\r\n湖北省,0,60012.9\r\n"
                + "注：1.说明\r\n\u3000\u3000续行\r\n数据来源：国家统计局\r\n");
    assertThat(CsvFormatTest.summary(r))
        .containsExactly(
            CsvFormatTest.rec(5, List.of("北京市", "2025", "地区生产总值", "亿元", ""), null),
            CsvFormatTest.rec(5, List.of("北京市", "2024", "地区生产总值", "亿元", "49670.2"), null),
            CsvFormatTest.rec(6, List.of("湖北省", "2025", "地区生产总值", "亿元", "0"), null),
            CsvFormatTest.rec(6, List.of("湖北省", "2024", "地区生产总值", "亿元", "60012.9"), null));
    assertThat(r.get(0).getString(RawRecords.SCHEMA.fieldIndex(RawRecords.ENCODING)))
        .isEqualTo("GB18030");
  }

  @Test
  void aRegionRowWithTheWrongWidthIsOneRecordWithAParseError() {
    List<Row> r = read(PREAMBLE + "地区,2025年,2024年\r\n北京市,1\r\n");
    assertThat(CsvFormatTest.summary(r))
        .containsExactly(CsvFormatTest.rec(5, null, "line has 2 fields, header has 3"));
  }

  @Test
  void aFileWithoutIndicatorOrHeaderOrWithANonYearColumnFailsNamingIt() {
    assertThatThrownBy(() -> read("地区,2024年\r\n北京市,1\r\n"))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(FILE)
        .hasMessageContaining("指标");
    assertThatThrownBy(() -> read(PREAMBLE + "北京市,1\r\n"))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(FILE)
        .hasMessageContaining("header");
    assertThatThrownBy(() -> read(PREAMBLE + "地区,合计\r\n"))
        .isInstanceOf(CityKpiException.class)
        .hasMessageContaining(FILE)
        .hasMessageContaining("合计");
  }
}
