/** Keeps one core busy for half a second: scripts/profile.sh runs it under async-profiler to see which event works. */
public class ProfilerProbe {
    public static void main(String[] args) {
        long end = System.nanoTime() + 500_000_000L;
        double x = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                x += Math.sqrt(i);
            }
        }
        System.out.println(x > 0 ? "probe done" : "probe failed");
    }
}
