-- CreateTable
CREATE TABLE "SlackRequestSeen" (
    "timestamp" DATETIME NOT NULL,
    "signature" TEXT NOT NULL,

    PRIMARY KEY ("timestamp", "signature")
);
