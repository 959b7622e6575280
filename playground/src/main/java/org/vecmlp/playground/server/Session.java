package org.vecmlp.playground.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.vecmlp.kernel.Backend;
import org.vecmlp.playground.data.Point;
import org.vecmlp.playground.data.PointsCsv;
import org.vecmlp.playground.data.Problem;
import org.vecmlp.playground.model.EpochStats;
import org.vecmlp.playground.model.PlaygroundData;
import org.vecmlp.playground.model.PlaygroundRun;
import org.vecmlp.playground.model.Settings;
import org.vecmlp.playground.model.SettingsException;

/**
 * One page's playground: its settings, its run, whether it plays, the loss history and the latest frame. Every
 * method holds the session's lock, so requests, the trainer and the streams see one state; streams wait on it for
 * the next frame.
 */
final class Session {
    /** How a session stands. */
    enum State { PAUSED, PLAYING, FINISHED, DIVERGED }


    private final String id;
    private final Backend backend;
    private final Map<Problem, List<Point>> uploads = new HashMap<>();
    final AtomicBoolean ticking = new AtomicBoolean();
    private Settings settings = Settings.DEFAULT;
    private PlaygroundRun run;
    private State state = State.PAUSED;
    private String message;
    private long runId;
    private long seq;
    private Frame frame;
    private final List<double[]> history = new ArrayList<>(); // {epoch, train loss, test loss, norms…}
    /** At most this many history rows: beyond it every other row goes and only every second epoch is kept. */
    static final int MAX_HISTORY = 2000;
    private int recordEvery = 1;
    private long historyGen;
    private long lastSeen;
    private int streams;
    private boolean closed;

    Session(String id, Backend backend, long now) {
        this.id = id;
        this.backend = backend;
        this.lastSeen = now;
        synchronized (this) {
            rebuild();
        }
    }

    String id() {
        return id;
    }

    synchronized void touch(long now) {
        lastSeen = now;
    }

    synchronized boolean idleSince(long cutoff) {
        return streams == 0 && lastSeen < cutoff;
    }

    synchronized Settings settings() {
        return settings;
    }

    synchronized State state() {
        return state;
    }

    synchronized boolean playing() {
        return state == State.PLAYING && !closed;
    }

    /**
     * Applies settings from a URL hash; a change to anything but the view starts a new run (paused).
     *
     * @throws SettingsException naming the bad value; the session is then unchanged
     */
    synchronized void apply(String query) {
        adopt(Settings.parse(query, settings));
    }

    /**
     * Applies a shared link as a page opens it: every valid value, each bad one refused on its own.
     *
     * @return the refused values, each naming its setting
     */
    synchronized List<SettingsException> applyLink(String query) {
        Settings.LinkResult link = Settings.parseLink(query, settings);
        adopt(link.settings());
        return link.refused();
    }

    private void adopt(Settings next) {
        boolean viewOnly = true;
        boolean retune = true;
        Map<String, String> before = settings.toMap();
        for (Map.Entry<String, String> e : next.toMap().entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey())) && !PlaygroundRun.VIEW_KEYS.contains(e.getKey())) {
                viewOnly = false;
                retune &= run.retunable(e.getKey());
            }
        }
        Settings old = settings;
        settings = next;
        if (viewOnly || retune) {
            if (!viewOnly) {
                run.retune(next); // a new learning rate (or, in parity mode, regularisation) goes on from this epoch
                if (state == State.DIVERGED && run.divergence() == null) {
                    state = State.PAUSED;
                    message = "learning rate " + next.toMap().get("learningRate") + ": training goes on from the "
                            + "weights of epoch " + run.epoch() + ", the last before the divergence";
                }
            }
            if (state == State.FINISHED && !run.finished(settings)) {
                state = State.PAUSED; // a raised epoch limit lets it go on
                message = null;
            }
            publish();
            return;
        }
        try {
            rebuild();
        } catch (IllegalArgumentException e) {
            settings = old;
            rebuild();
            throw e;
        }
    }

    /**
     * Reads an upload of {@code x1,x2,label} rows as the custom set of a problem and switches to it.
     *
     * @return the number of points read
     * @throws IllegalArgumentException naming the line of the first bad row; the session is then unchanged
     */
    synchronized int upload(String name, String csv, Problem problem) {
        List<Point> points = PointsCsv.parse(name, csv, problem);
        uploads.put(problem, List.copyOf(points));
        String key = problem == Problem.CLASSIFICATION ? "dataset" : "regDataset";
        long before = runId;
        apply("problem=" + problem.key() + "&" + key + "=custom");
        if (runId == before) {
            rebuild(); // already on custom data: no setting changed, but the new points need a new run
        }
        return points.size();
    }

    synchronized void play() {
        if (state == State.PAUSED) {
            state = State.PLAYING;
            message = null;
            publish();
        }
    }

    synchronized void pause() {
        if (state == State.PLAYING) {
            state = State.PAUSED;
            publish();
        }
    }

    /** One epoch, then paused. */
    synchronized void step() {
        if (state == State.PLAYING) {
            state = State.PAUSED;
        }
        if (state == State.PAUSED) {
            trainEpochs(1);
            if (state == State.PLAYING) {
                state = State.PAUSED;
            }
        }
        publish();
    }

    /** A new run from the same settings: new weights from the seed, epoch 0, paused. */
    synchronized void reset() {
        rebuild();
    }

    /** The trainer's turn: {@code speed} epochs while playing, then a frame. */
    synchronized void tick() {
        if (state != State.PLAYING || closed) {
            return;
        }
        trainEpochs(settings.speed());
        publish();
    }

    private void trainEpochs(int epochs) {
        for (int i = 0; i < epochs && !run.finished(settings); i++) {
            EpochStats st = run.trainEpoch();
            if (run.divergence() != null) {
                break;
            }
            record(st);
        }
        if (run.divergence() != null) {
            state = State.DIVERGED;
            message = run.divergence();
        } else if (run.finished(settings)) {
            state = State.FINISHED;
            message = settings.epochs() > 0 && run.epoch() >= settings.epochs()
                    ? "stopped after " + run.epoch() + " epochs (the epochs setting)"
                    : "stopped in epoch " + run.epoch() + ": the training loss reached the stopLoss setting";
        }
    }

    private void record(EpochStats st) {
        if (st.epoch() % recordEvery != 0) {
            return;
        }
        if (history.size() >= MAX_HISTORY) {
            List<double[]> kept = new ArrayList<>();
            for (int i = 0; i < history.size(); i += 2) {
                kept.add(history.get(i));
            }
            history.clear();
            history.addAll(kept);
            recordEvery *= 2;
            historyGen++;
        }
        double[] row = new double[3 + st.gradientNorms().length];
        row[0] = st.epoch();
        row[1] = st.trainLoss();
        row[2] = st.testLoss();
        System.arraycopy(st.gradientNorms(), 0, row, 3, st.gradientNorms().length);
        history.add(row);
    }

    private void rebuild() {
        List<Point> custom = uploads.get(settings.problem());
        PlaygroundData data = PlaygroundData.of(settings, custom);
        run = new PlaygroundRun(settings, data, backend);
        runId++;
        history.clear();
        recordEvery = 1;
        record(run.stats());
        state = State.PAUSED;
        message = null;
        publish();
    }

    private void publish() {
        seq++;
        frame = Frame.of(seq, runId, state.name().toLowerCase(java.util.Locale.ROOT), message, run);
        notifyAll();
    }

    /** {@return the run's network as a model file holds it, now} */
    synchronized org.vecmlp.io.SavedModel snapshot() {
        return run.savedModel();
    }

    synchronized PlaygroundRun run() {
        return run;
    }

    /**
     * What a stream sends next: the frame, the history rows the page lacks ({@code fromStart}: all of them, to
     * replace its own), and the points when the run is new.
     */
    record Update(Frame frame, List<double[]> history, boolean fromStart, long historyGen, int historySize,
                  List<double[]> train, List<double[]> test) {
    }

    /**
     * Waits up to {@code timeoutMillis} for a frame newer than {@code seenSeq}.
     *
     * @return the update, or null on timeout or when the session closed
     */
    synchronized Update await(long seenSeq, long seenRun, long seenGen, int historyFrom, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!closed && frame.seq() <= seenSeq) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        if (closed) {
            return null;
        }
        boolean newRun = frame.runId() != seenRun;
        boolean fromStart = newRun || historyGen != seenGen;
        int from = fromStart ? 0 : Math.min(historyFrom, history.size());
        List<double[]> rows = new ArrayList<>(history.subList(from, history.size()));
        return new Update(frame, rows, fromStart, historyGen, history.size(),
                newRun ? Frame.points(run.data().train()) : null, newRun ? Frame.points(run.data().test()) : null);
    }

    synchronized void streamOpened() {
        streams++;
    }

    synchronized void streamClosed(long now) {
        streams--;
        lastSeen = now;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
