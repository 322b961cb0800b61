package lanchat.web.tomcat;

/**
 * Where the write path reports what it measured; the application's metrics implement it,
 * so that this package needs nothing of theirs.
 */
public interface WriteMetrics {

	/** One gathering write of this many frames to one client. */
	void framesWritten(int frames);

}
