package org.citykpi.ingest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.SourceContract;

/**
 * The landing folder: raw files as {@code <domain>/<source>/<files>} on any Hadoop-compatible file
 * system. Hidden files, README and LICENSE files are not data.
 */
public final class Landing {
  private Landing() {}

  /** Data files of a source, sorted; empty when the landing folder has no folder for it. */
  public static List<String> files(Configuration conf, String landing, SourceContract c) {
    Path dir = new Path(landing, c.domain() + "/" + c.source());
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        LocatedFileStatus f = it.next();
        String name = f.getPath().getName();
        if (isData(name)) {
          out.add(f.getPath().toString());
        }
      }
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new CityKpiException("--landing: cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  static boolean isData(String name) {
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    return !name.startsWith(".") && !name.startsWith("_") && !lower.startsWith("readme")
        && !lower.startsWith("license") && !lower.endsWith(".md");
  }

  /** The landing folder as a fully qualified path. */
  public static Path qualified(Configuration conf, String landing) {
    Path dir = new Path(landing);
    try {
      return dir.getFileSystem(conf).makeQualified(dir);
    } catch (IOException e) {
      throw new CityKpiException("--landing: cannot open " + landing + ": " + e.getMessage(), e);
    }
  }

  /** Fails naming the flag when the landing folder itself is missing. */
  public static void check(Configuration conf, String landing) {
    Path dir = new Path(landing);
    try {
      if (!dir.getFileSystem(conf).exists(dir)) {
        throw new CityKpiException("--landing: folder " + landing + " does not exist");
      }
    } catch (IOException e) {
      throw new CityKpiException("--landing: cannot open " + landing + ": " + e.getMessage(), e);
    }
  }
}
