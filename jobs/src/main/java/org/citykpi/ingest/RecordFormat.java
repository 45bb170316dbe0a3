package org.citykpi.ingest;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.citykpi.contract.RawRecords;

/**
 * Turns one delivered file into records of {@link RawRecords#SCHEMA}. Runs on executors, one file
 * at a time; implementations are serializable and hold only what the contract says about the
 * format. A file that cannot be read at all (wrong header, undecodable) throws with a message
 * naming it.
 */
public interface RecordFormat extends Serializable {
  List<Row> records(String file, byte[] content);
}
