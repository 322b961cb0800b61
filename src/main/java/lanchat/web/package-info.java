@NullMarked
package lanchat.web;

import org.jspecify.annotations.NullMarked;
