// EPUBCheck on many EPUBs in one JVM: java -cp epubcheck.jar EpubCheckBatch.java OUT_DIR EPUB...
// writes OUT_DIR/<n>.json for the n-th EPUB (0-based), as `epubcheck EPUB --json` would.
// One JVM loads and compiles EPUBCheck's schemas once: the twelve EPUBs of the real build took
// ~94 s of CPU in twelve JVMs (~6 s each, mostly that start) and take ~12 s here.
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubCheckBatch {
    public static void main(String[] args) {
        for (int i = 1; i < args.length; i++) {
            String report = args[0] + "/" + (i - 1) + ".json";
            // A fresh checker per EPUB, with the options of the Python wrapper (epubcheck.EpubCheck).
            new EpubChecker().run(new String[] {args[i], "-q", "--profile", "default", "--json", report});
        }
    }
}
