package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceFilesTest {
  static final Interval DAY = Interval.of("2026-11-16", "2026-11-16");
  static final SourceFiles.Fact A = new SourceFiles.Fact("traffic/road_speed/a.csv", 10, 1000);
  static final SourceFiles.Fact B = new SourceFiles.Fact("traffic/road_speed/b.csv", 20, 2000);

  @Test
  void theListingsOrderDoesNotMatter() {
    assertThat(SourceFiles.fingerprint("s", DAY, List.of(A, B)))
        .hasSize(64)
        .isEqualTo(SourceFiles.fingerprint("s", DAY, List.of(B, A)));
  }

  @Test
  void aChangedSizeModificationTimeNameOrSchemaChangesIt() {
    String fp = SourceFiles.fingerprint("s", DAY, List.of(A, B));
    SourceFiles.Fact grown = new SourceFiles.Fact(B.file(), B.size() + 1, B.modified());
    SourceFiles.Fact touched = new SourceFiles.Fact(B.file(), B.size(), B.modified() + 1);
    SourceFiles.Fact renamed = new SourceFiles.Fact(B.file() + ".gz", B.size(), B.modified());
    assertThat(SourceFiles.fingerprint("s", DAY, List.of(A, grown))).isNotEqualTo(fp);
    assertThat(SourceFiles.fingerprint("s", DAY, List.of(A, touched))).isNotEqualTo(fp);
    assertThat(SourceFiles.fingerprint("s", DAY, List.of(A, renamed))).isNotEqualTo(fp);
    assertThat(SourceFiles.fingerprint("t", DAY, List.of(A, B))).isNotEqualTo(fp);
    assertThat(SourceFiles.fingerprint("s", DAY, List.of(A))).isNotEqualTo(fp);
  }

  @Test
  void theIntervalIsPartOfIt() {
    assertThat(SourceFiles.fingerprint("s", DAY.months(), List.of(A)))
        .isNotEqualTo(SourceFiles.fingerprint("s", DAY, List.of(A)));
  }

  @Test
  void noFileAtAllIsAFingerprintTooButNullIsNone() {
    // boundary: a folder with no file for the interval is recorded (and skipped next time)
    assertThat(SourceFiles.fingerprint("s", DAY, List.of())).hasSize(64);
    assertThat(SourceFiles.fingerprint(null, DAY, List.of()))
        .isEqualTo(SourceFiles.fingerprint("", DAY, List.of()));
    assertThat(SourceFiles.fingerprint("s", DAY, null)).isNull();
  }

  @Test
  void skipsOnlyAnEqualRecordedFingerprintAndNeverWhenForced() {
    assertThat(SourceFiles.unchanged(false, "abc", "abc")).isTrue();
    assertThat(SourceFiles.unchanged(true, "abc", "abc")).isFalse();
    assertThat(SourceFiles.unchanged(false, null, "abc")).isFalse();
    assertThat(SourceFiles.unchanged(false, "abc", null)).isFalse();
    assertThat(SourceFiles.unchanged(false, null, null)).isFalse();
    assertThat(SourceFiles.unchanged(false, "abc", "abd")).isFalse();
  }
}
