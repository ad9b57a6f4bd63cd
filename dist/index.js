'use strict';
// GitHub runs this file; the action is action.js. With debug logging on, stack traces in the log
// point at src/ through action.js.map.
if (process.env.RUNNER_DEBUG === '1') process.setSourceMapsEnabled(true);
require('./action.js');
