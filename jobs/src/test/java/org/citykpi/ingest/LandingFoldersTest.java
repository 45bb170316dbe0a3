package org.citykpi.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.citykpi.contract.Contracts;
import org.citykpi.contract.SourceContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder globs and excluded files of the real contracts, on a local landing folder. */
class LandingFoldersTest {
  static final Map<String, SourceContract> ALL = Contracts.load(Paths.get("schemas"));

  @TempDir Path landing;

  private void touch(String rel) throws IOException {
    Path p = landing.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, "x");
  }

  private List<String> names(String source) {
    return Landing.files(new Configuration(), landing.toString(), ALL.get(source)).stream()
        .map(
            f ->
                f.substring(
                    f.indexOf(landing.getFileName().toString())
                        + landing.getFileName().toString().length()
                        + 1))
        .toList();
  }

  @Test
  void aGlobFindsEveryFolderOfTheSourceAndOnlyThose() throws IOException {
    touch("economy/nbs_province_annual_RenJiyi163/分省年度数据 (1).csv");
    touch("economy/nbs_province_annual_RenJiyi163/LICENSE");
    touch("economy/nbs_province_annual_population_1lmq/分省年度数据.csv");
    touch("economy/city_monthly_stats/2011.csv");
    assertThat(names("nbs_province_annual"))
        .containsExactly(
            "economy/nbs_province_annual_RenJiyi163/分省年度数据 (1).csv",
            "economy/nbs_province_annual_population_1lmq/分省年度数据.csv");
  }

  @Test
  void excludedFilesAreNotData() throws IOException {
    touch("traffic/los_loop/los_speed.csv");
    touch("traffic/los_loop/los_adj.csv");
    touch("health/china_covid19_daily_canghailan/ChinaAreaCode.csv");
    touch("health/china_covid19_daily_canghailan/Data/2020-01-01.csv");
    assertThat(names("los_loop")).containsExactly("traffic/los_loop/los_speed.csv");
    assertThat(names("china_covid19_daily"))
        .containsExactly("health/china_covid19_daily_canghailan/Data/2020-01-01.csv");
  }

  @Test
  void aSourceWithoutFolderHasNoFiles() {
    assertThat(names("beijing_multisite_air_quality")).isEmpty();
  }
}
