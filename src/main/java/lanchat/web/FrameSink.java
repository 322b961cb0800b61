package lanchat.web;

import lanchat.web.tomcat.Frame;

/**
 * Where one session's frames are queued, without ever waiting on its socket; a closed
 * session ignores them.
 */
interface FrameSink {

	void enqueue(Frame frame);

}
