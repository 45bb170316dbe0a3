package org.citykpi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * {@link Tables#rowsWritten(BufferedReader)} on the lines of Delta commit files as Delta 4.4 writes
 * them (metrics as strings), without Delta.
 */
class RowsWrittenTest {
  static long rows(String... lines) throws IOException {
    return Tables.rowsWritten(new BufferedReader(new StringReader(String.join("\n", lines))));
  }

  @Test
  void aReplaceCountsItsOutputLessTheRowsItCopiedUnchanged() throws IOException {
    assertThat(
            rows(
                "{\"commitInfo\":{\"timestamp\":1,\"operation\":\"WRITE\",\"operationMetrics\":"
                    + "{\"numFiles\":\"2\",\"numOutputRows\":\"12\",\"numCopiedRows\":\"5\"}}}",
                "{\"add\":{\"path\":\"part-0.parquet\",\"size\":10}}"))
        .isEqualTo(7);
  }

  @Test
  void theCommitInfoNeedNotBeTheFirstLineAndACopiedCountMayBeMissing() throws IOException {
    assertThat(
            rows(
                "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}",
                "{\"commitInfo\":{\"operationMetrics\":{\"numOutputRows\":\"3\"}}}"))
        .isEqualTo(3);
  }

  @Test
  void aCommitWithoutMetricsOrWithoutCommitInfoWroteNoRow() throws IOException {
    assertThat(rows("{\"commitInfo\":{\"operation\":\"SET TBLPROPERTIES\"}}")).isZero();
    assertThat(rows("{\"add\":{\"path\":\"part-0.parquet\"}}")).isZero();
  }
}
