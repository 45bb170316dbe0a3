package org.citykpi.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Renders hand-built models and compares with golden files in src/test/resources/report/golden
 * (rewritten only with {@code -Dgolden.update=true}), then reads the page as a browser would.
 */
class HtmlRendererTest {
  static final Path GOLDEN =
      Paths.get(System.getProperty("citykpi.repo"), "jobs/src/test/resources/report/golden");

  static void golden(String name, String actual) throws IOException {
    Path f = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(f, actual, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(f))
        .as("golden file %s (make it with -Dgolden.update=true)", f)
        .isTrue();
    assertThat(actual)
        .as("rendering vs golden file %s", f)
        .isEqualTo(Files.readString(f, StandardCharsets.UTF_8));
  }

  static String render(Lang lang) {
    WeeklyModel w = TestModels.weekly();
    return HtmlRenderer.render(ReportKind.WEEKLY, w, w.cover(), lang, Fixtures.refs());
  }

  @Test
  void weeklyMatchesTheGoldenFilesInBothLanguages() throws IOException {
    golden("weekly.zh.html", render(Lang.ZH));
    golden("weekly.en.html", render(Lang.EN));
  }

  @Test
  void theSameModelRendersTheSameBytes() {
    assertThat(render(Lang.ZH)).isEqualTo(render(Lang.ZH));
  }

  @Test
  void weeklyIsSelfContainedSemanticAndShowsMissingAsMissing() {
    String html = render(Lang.ZH);
    Document d = Jsoup.parse(html);
    assertThat(d.selectFirst("html").attr("lang")).isEqualTo("zh-CN");
    assertThat(d.select("header, main, footer, meta[name=viewport]")).hasSize(4);
    assertThat(html).doesNotContain("<script", "http://", "https://", "<link", "src=");
    // hostile text from the data is text
    assertThat(d.select("td.clause").text()).contains("<script>alert(1)</script> & =1+1");
    Element t02 = d.selectFirst("tr[data-kpi=T02]");
    assertThat(t02.selectFirst("td.value abbr.na").attr("title")).isEqualTo("无数据");
    assertThat(t02.selectFirst("td.value").text()).isEqualTo("—").doesNotContain("0");
    assertThat(d.selectFirst("tr[data-kpi=Q02] td.value").text()).isEqualTo("31.5%");
    assertThat(d.selectFirst("tr[data-kpi=T17-PC] td.value").text()).isEqualTo("1,234.6 元/人");
    // every chart is an image with a title
    for (Element svg : d.select("svg")) {
      assertThat(svg.attr("role")).isEqualTo("img");
      assertThat(svg.selectFirst("title")).isNotNull();
    }
    // counts: tiles add up to the lines
    int sum = 0;
    for (Element b : d.select("#overview .tiles b")) {
      sum += Integer.parseInt(b.text());
    }
    assertThat(sum).isEqualTo(d.select("tr[data-kpi]").size()).isEqualTo(3);
  }

  @Test
  void englishLabelsComeFromTheEnglishCatalogue() {
    Document d = Jsoup.parse(render(Lang.EN));
    assertThat(d.selectFirst("html").attr("lang")).isEqualTo("en");
    assertThat(d.title()).isEqualTo("Smart-city pilot KPIs: weekly report · Week 46 of 2026");
    assertThat(d.selectFirst("tr[data-kpi=T02] th").text()).contains("Fibre-to-the-home rate");
    assertThat(d.selectFirst("tr[data-kpi=T02] td.value abbr").attr("title")).isEqualTo("no data");
    assertThat(d.text()).doesNotContain("达标").contains("Met");
  }
}
