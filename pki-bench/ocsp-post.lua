-- wrk script: POSTs one DER OCSP request (read from the file named by $OCSP_REQ) with the
-- application/ocsp-request content type. wrk counts non-2xx/3xx answers itself.
local f = assert(io.open(os.getenv("OCSP_REQ"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/ocsp-request"

function done(summary, latency, requests)
  io.write(string.format("non-2xx/3xx answers: %d, socket errors: %d connect, %d read, %d write, %d timeout\n",
    summary.errors.status, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
