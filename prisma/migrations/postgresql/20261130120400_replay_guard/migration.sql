-- CreateTable
CREATE TABLE "SlackRequestSeen" (
    "timestamp" TIMESTAMP(3) NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "SlackRequestSeen_pkey" PRIMARY KEY ("timestamp","signature")
);
