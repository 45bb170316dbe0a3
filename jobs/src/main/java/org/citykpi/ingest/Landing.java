package org.citykpi.ingest;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.citykpi.common.CityKpiException;
import org.citykpi.contract.SourceContract;

/**
 * The landing folder: raw files as {@code <domain>/<source>/<files>} on any Hadoop-compatible file
 * system. Hidden files, README and LICENSE files are not data.
 */
public final class Landing {
  private Landing() {}

  /**
   * Data files of a source, sorted; empty when the landing folder has no folder for it. The
   * source's folders are {@code <domain>/<glob>} for each of the contract's {@code folders} globs
   * (default: the source name), so that {@code nbs_province_annual*} finds every NBS export folder.
   * Files whose name matches one of the contract's {@code exclude} globs are reference tables, not
   * data.
   */
  public static List<String> files(Configuration conf, String landing, SourceContract c) {
    return listed(conf, landing, c).stream().map(Listed::path).toList();
  }

  /** A data file with the size and modification time the listing gave (no second stat). */
  public record Listed(String path, long size, long modified) {}

  /** {@link #files}, with each file's size and modification time from the same listing. */
  public static List<Listed> listed(Configuration conf, String landing, SourceContract c) {
    Path domain = new Path(landing, c.domain());
    List<PathMatcher> excluded =
        c.excludeGlobs().stream()
            .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
            .toList();
    try {
      FileSystem fs = domain.getFileSystem(conf);
      if (!fs.exists(domain)) {
        return List.of();
      }
      TreeMap<String, Listed> out = new TreeMap<>();
      for (String glob : c.folderGlobs()) {
        FileStatus[] dirs = fs.globStatus(new Path(domain, glob));
        for (FileStatus d : dirs == null ? new FileStatus[0] : dirs) {
          if (!d.isDirectory()) {
            continue;
          }
          for (FileStatus f : filesBelow(fs, d.getPath())) {
            String name = f.getPath().getName();
            boolean skip = excluded.stream().anyMatch(m -> m.matches(java.nio.file.Path.of(name)));
            if (isData(name) && !skip) {
              String path = f.getPath().toString();
              out.put(path, new Listed(path, f.getLen(), f.getModificationTime()));
            }
          }
        }
      }
      return new ArrayList<>(out.values());
    } catch (IOException e) {
      throw new CityKpiException("--landing: cannot list " + domain + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every file below {@code dir}, by {@code listStatus} folder by folder. Not {@code listFiles(dir,
   * true)}: its located statuses ask each file for its permissions, which Hadoop's local file
   * system (without its native library) answers by running {@code ls -ld} once per file, a process
   * per landing file in every run (2,213 in a one-day run on a 545-day landing).
   */
  static List<FileStatus> filesBelow(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    ArrayDeque<Path> todo = new ArrayDeque<>(List.of(dir));
    while (!todo.isEmpty()) {
      for (FileStatus f : fs.listStatus(todo.poll())) {
        if (f.isDirectory()) {
          todo.add(f.getPath());
        } else {
          out.add(f);
        }
      }
    }
    return out;
  }

  static boolean isData(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return !name.startsWith(".")
        && !name.startsWith("_")
        && !lower.startsWith("readme")
        && !lower.startsWith("license")
        && !lower.endsWith(".md");
  }

  /** A file's modification time (for contracts whose delivery order declares {@code modified}). */
  public static java.time.Instant modified(Configuration conf, String file) {
    Path p = new Path(file);
    try {
      return java.time.Instant.ofEpochMilli(
          p.getFileSystem(conf).getFileStatus(p).getModificationTime());
    } catch (IOException e) {
      throw new CityKpiException("--landing: cannot stat " + file + ": " + e.getMessage(), e);
    }
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
