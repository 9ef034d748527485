import { Category, Department, District } from './catalog/catalog.entities';
import { FeedbackPhoto, FeedbackRequest } from './intake/feedback-request.entity';
import { AuditEntry, FeedbackMessage } from './queue/feedback-message.entity';
import { CreateFeedbackSchema1763800000100 } from './migrations/1763800000100-CreateFeedbackSchema';
import { OpenQueueIndex1763800000200 } from './migrations/1763800000200-OpenQueueIndex';
import { CreateErasureRequests1763800000300 } from './migrations/1763800000300-CreateErasureRequests';
import { PhotoVariants1764600000100 } from './migrations/1764600000100-PhotoVariants';
import { FeedbackSearch1764600000110 } from './migrations/1764600000110-FeedbackSearch';
import { DistrictBoundaries1764600000200 } from './migrations/1764600000200-DistrictBoundaries';
import { FeedbackSupporters1764600000210 } from './migrations/1764600000210-FeedbackSupporters';
import { StaffMembers1764600000300 } from './migrations/1764600000300-StaffMembers';
import { CannedResponses1764600000400 } from './migrations/1764600000400-CannedResponses';
import { SharedAuditShape1764700000100 } from './migrations/1764700000100-SharedAuditShape';

export const feedbackEntities = [Department, District, Category, FeedbackRequest, FeedbackPhoto, FeedbackMessage, AuditEntry];
/** The service's own migrations; the kit runs the messaging tables' (libs/messaging) before them. */
export const feedbackMigrations = [CreateFeedbackSchema1763800000100, OpenQueueIndex1763800000200, CreateErasureRequests1763800000300, PhotoVariants1764600000100, FeedbackSearch1764600000110, DistrictBoundaries1764600000200, FeedbackSupporters1764600000210, StaffMembers1764600000300, CannedResponses1764600000400, SharedAuditShape1764700000100];
